import { ValidationPipe } from '@nestjs/common';

/** class-validator on REST bodies and queries: unknown fields are refused with 400, values converted to their types. */
export const restValidationPipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
