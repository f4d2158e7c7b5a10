import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorCode } from '@parley/contracts';
import { ApiErrorException } from './api-error.exception.js';

/** class-validator on REST bodies and queries: unknown fields are refused with 400, values converted to their types. */
export const restValidationPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** The same, for endpoints whose contract names the code of a refusal: 400 `{"code", "message"}`. */
export function codedValidationPipe(code: ErrorCode, fallback: string): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) =>
      new ApiErrorException(400, code, messagesOf(errors).join('; ') || fallback),
  });
}

/** Every constraint's message, nested objects' included. */
function messagesOf(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((error) => [...Object.values(error.constraints ?? {}), ...messagesOf(error.children ?? [])]);
}
