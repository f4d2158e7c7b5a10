import { ErrorCode, type TypingData } from '@parley/contracts';
import { IsBoolean } from 'class-validator';
import { validateFrameData } from './frame-data.validator.js';

class TypingDto implements TypingData {
  @IsBoolean({ message: 'typing must be true or false' })
  typing: boolean;
}

/** `typing` data: `{"typing": true|false}`. */
export function validateTyping(data: unknown): TypingData {
  return validateFrameData(TypingDto, ['typing'], data, ErrorCode.InvalidData);
}
