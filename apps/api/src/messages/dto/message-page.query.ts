import { ApiPropertyOptional } from '@nestjs/swagger';
import type { MessagePageQuery } from '@parley/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { Excludes } from '../../common/excludes.validator.js';
import { toIntegerIfDigits } from '../../common/value-transforms.js';
import { PageLimit } from '../../common/page-limit.decorator.js';

export class MessagePageQueryDto implements MessagePageQuery {
  @ApiPropertyOptional({ description: 'Newest messages with a seq below this one', minimum: 1 })
  @IsOptional()
  @Transform(toIntegerIfDigits)
  @IsInt({ message: 'before must be a positive integer' })
  @Min(1, { message: 'before must be a positive integer' })
  before?: number;

  @ApiPropertyOptional({
    description: 'Oldest messages with a seq above this one (catching up; 0 reads the room from its start)',
    minimum: 0,
  })
  @IsOptional()
  @Transform(toIntegerIfDigits)
  @IsInt({ message: 'after must be a non-negative integer' })
  @Min(0, { message: 'after must be a non-negative integer' })
  @Excludes('before')
  after?: number;

  @ApiPropertyOptional({
    description:
      'Messages around this seq: the message there (or the nearest before it) and about half of `limit` each way',
    minimum: 0,
  })
  @IsOptional()
  @Transform(toIntegerIfDigits)
  @IsInt({ message: 'around must be a non-negative integer' })
  @Min(0, { message: 'around must be a non-negative integer' })
  @Excludes('before')
  @Excludes('after')
  around?: number;

  @PageLimit()
  limit?: number;
}
