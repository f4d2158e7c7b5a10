import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ErrorCode, LIMITS, type SearchRequest } from '@parley/contracts';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { codedValidationPipe } from '../../common/rest-validation.pipe.js';
import { toIntegerIfDigits } from '../../common/value-transforms.js';

const LIMIT_MESSAGE = `limit must be an integer from 1 to ${LIMITS.searchPageMaxSize}`;

export class SearchQueryDto implements SearchRequest {
  @ApiProperty({
    description:
      'Words (each must start a word of the message), "phrases", from:<name>, in:<room>, before:/after:YYYY-MM-DD; ' +
      `at most ${LIMITS.searchQueryMaxLength} characters (docs/protocol.md, Search)`,
  })
  @IsString({ message: 'q must be a string' })
  q: string;

  @ApiPropertyOptional({ default: LIMITS.searchPageSize, minimum: 1, maximum: LIMITS.searchPageMaxSize })
  @IsOptional()
  @Transform(toIntegerIfDigits)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(LIMITS.searchPageMaxSize, { message: LIMIT_MESSAGE })
  limit: number = LIMITS.searchPageSize;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString({ message: 'cursor must be a string' })
  cursor?: string;
}

/** Search's own validation: whatever is wrong with the request is 400 INVALID_QUERY, as the contract says. */
export const searchValidationPipe = codedValidationPipe(ErrorCode.InvalidQuery, 'Invalid query');
