import { ErrorCode } from '@parley/contracts';
import { validateFrameData } from './frame-data.validator.js';
import { SendMessageDto } from './send-message.dto.js';

/** `message` data: content and clientId; any other field (a sender's name, a seq) never reaches the service. */
export function validateSendMessage(data: unknown): SendMessageDto {
  return validateFrameData(SendMessageDto, ['content', 'clientId'], data, ErrorCode.InvalidMessage);
}
