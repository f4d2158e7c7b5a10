import { ErrorCode, isSingleEmoji, type DeleteData, type EditData, type ReactData } from '@parley/contracts';
import { IsBoolean } from 'class-validator';
import { validateFrameData } from './frame-data.validator.js';
import { ProtocolException } from './protocol.exception.js';
import { ContentDto, MessageIdDto } from './send-message.dto.js';

class ReactDto extends MessageIdDto {
  @IsBoolean({ message: 'on must be true or false' })
  on: boolean;

  emoji: string;
}

/** `edit`: `{"id","content","clientId"?}`; a bad id is INVALID_DATA, bad content INVALID_MESSAGE. */
export function validateEdit(data: unknown): EditData {
  const { id, clientId } = validateFrameData(MessageIdDto, ['id', 'clientId'], data, ErrorCode.InvalidData);
  const { content } = validateFrameData(ContentDto, ['content'], data, ErrorCode.InvalidMessage);
  return clientId === undefined ? { id, content } : { id, content, clientId };
}

/** `delete`: `{"id","clientId"?}`. */
export function validateDelete(data: unknown): DeleteData {
  const { id, clientId } = validateFrameData(MessageIdDto, ['id', 'clientId'], data, ErrorCode.InvalidData);
  return clientId === undefined ? { id } : { id, clientId };
}

/** `react`: `{"id","emoji","on","clientId"?}`; an emoji that is not exactly one emoji is INVALID_REACTION. */
export function validateReact(data: unknown): ReactData {
  const { id, on, clientId } = validateFrameData(ReactDto, ['id', 'on', 'clientId'], data, ErrorCode.InvalidData);
  const { emoji } = data as { emoji?: unknown };
  if (typeof emoji !== 'string' || !isSingleEmoji(emoji)) {
    throw new ProtocolException(ErrorCode.InvalidReaction, 'emoji must be exactly one emoji');
  }
  return clientId === undefined ? { id, emoji, on } : { id, emoji, on, clientId };
}
