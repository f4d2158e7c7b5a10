import { ErrorCode } from '@parley/contracts';
import { IsString, Length } from 'class-validator';
import { validateFrameData } from './frame-data.validator.js';
import { SendMessageDto } from './send-message.dto.js';

class ReplyToDto {
  @IsString({ message: 'replyTo must be a message id' })
  @Length(1, 64, { message: 'replyTo must be a message id' })
  replyTo: string;
}

/**
 * `message` data: content, clientId and attachments (INVALID_MESSAGE when wrong), and an optional replyTo (INVALID_DATA when not a
 * string); any other field (a sender's name, a seq) never reaches the service.
 */
export function validateSendMessage(data: unknown): SendMessageDto {
  const message = validateFrameData(
    SendMessageDto,
    ['content', 'clientId', 'attachments'],
    data,
    ErrorCode.InvalidMessage,
  );
  const replyTo = (data as { replyTo?: unknown }).replyTo;
  if (replyTo !== undefined) {
    message.replyTo = validateFrameData(ReplyToDto, ['replyTo'], data, ErrorCode.InvalidData).replyTo;
  }
  return message;
}
