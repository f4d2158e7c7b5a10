import { ForbiddenException, NotFoundException, type HttpException } from '@nestjs/common';
import type { Refusal } from './room-policy.js';

/** A room-policy refusal as REST answers it: 403 with its reason, or 404 as for what does not exist. */
export function refusalException(refusal: Refusal): HttpException {
  return refusal.status === 404 ? new NotFoundException(refusal.reason) : new ForbiddenException(refusal.reason);
}
