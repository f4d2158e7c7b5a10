import { ApiProperty } from '@nestjs/swagger';
import { LIMITS, type EventPageQuery } from '@parley/contracts';
import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { toIntegerIfDigits } from '../../common/value-transforms.js';
import { PageLimit } from '../../common/page-limit.decorator.js';

export class EventPageQueryDto implements EventPageQuery {
  @ApiProperty({ description: 'Events with a seq above this one', minimum: 0 })
  @Transform(toIntegerIfDigits)
  @IsInt({ message: 'after must be a non-negative integer' })
  @Min(0, { message: 'after must be a non-negative integer' })
  after: number;

  @PageLimit()
  limit: number = LIMITS.historyPageSize;
}
