import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS } from '@parley/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toIntegerIfDigits } from './value-transforms.js';

const MESSAGE = `limit must be an integer from 1 to ${LIMITS.pageMaxSize}`;

/** The `limit` query parameter of every paged REST read: 1..100, the history page size by default. */
export function PageLimit(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ default: LIMITS.historyPageSize, minimum: 1, maximum: LIMITS.pageMaxSize }),
    IsOptional(),
    Transform(toIntegerIfDigits),
    IsInt({ message: MESSAGE }),
    Min(1, { message: MESSAGE }),
    Max(LIMITS.pageMaxSize, { message: MESSAGE }),
  );
}
