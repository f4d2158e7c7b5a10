import { ValidationPipe } from '@nestjs/common';
import { ErrorCode } from '@parley/contracts';
import { ProtocolException } from './protocol.exception.js';

/** class-validator on socket frames: unknown fields are stripped, failures become INVALID_MESSAGE error frames. */
export const frameValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) =>
    new ProtocolException(
      ErrorCode.InvalidMessage,
      errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; ') || 'Invalid message',
    ),
});
