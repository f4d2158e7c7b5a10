import { ErrorCode, type ReadData } from '@parley/contracts';
import { IsInt, Max, Min } from 'class-validator';
import { validateFrameData } from './frame-data.validator.js';

class ReadDto implements ReadData {
  @IsInt({ message: 'seq must be a non-negative integer' })
  @Min(0, { message: 'seq must be a non-negative integer' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'seq must be a non-negative integer' })
  seq: number;
}

/** `read` data: `{"seq": N}`, N a non-negative integer. */
export function validateRead(data: unknown): ReadData {
  return validateFrameData(ReadDto, ['seq'], data, ErrorCode.InvalidData);
}
