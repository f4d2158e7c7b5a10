import { NotFoundException, type HttpException } from '@nestjs/common';
import { ApiErrorException } from '../common/api-error.exception.js';
import type { Refusal } from './room-policy.js';

/** A room-policy refusal as REST answers it: 404 as for what does not exist, or its status with its code and reason. */
export function refusalException(refusal: Refusal): HttpException {
  return refusal.status === 404
    ? new NotFoundException(refusal.reason)
    : new ApiErrorException(refusal.status, refusal.code, refusal.reason);
}
