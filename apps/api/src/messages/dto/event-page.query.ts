import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, type EventPageQuery } from '@parley/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toIntegerIfDigits } from '../../common/integer-transform.js';

export class EventPageQueryDto implements EventPageQuery {
  @ApiProperty({ description: 'Events with a seq above this one', minimum: 0 })
  @Transform(toIntegerIfDigits)
  @IsInt({ message: 'after must be a non-negative integer' })
  @Min(0, { message: 'after must be a non-negative integer' })
  after: number;

  @ApiPropertyOptional({ default: LIMITS.historyPageSize, minimum: 1, maximum: LIMITS.pageMaxSize })
  @IsOptional()
  @Transform(toIntegerIfDigits)
  @IsInt({ message: `limit must be an integer from 1 to ${LIMITS.pageMaxSize}` })
  @Min(1, { message: `limit must be an integer from 1 to ${LIMITS.pageMaxSize}` })
  @Max(LIMITS.pageMaxSize, { message: `limit must be an integer from 1 to ${LIMITS.pageMaxSize}` })
  limit: number = LIMITS.historyPageSize;
}
