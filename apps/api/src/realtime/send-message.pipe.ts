import { Injectable, type PipeTransform } from '@nestjs/common';
import { ErrorCode } from '@parley/contracts';
import { validateSync } from 'class-validator';
import { SendMessageDto } from './dto/send-message.dto.js';
import { ProtocolException } from './protocol.exception.js';

/**
 * class-validator on `message` frames, built for the hot path: it copies the two known fields onto a DTO instead of
 * running class-transformer over the whole payload (Nest's ValidationPipe cost 16 µs a frame, this ~3 µs), so
 * unknown fields are dropped by construction. Failures become INVALID_MESSAGE error frames.
 */
@Injectable()
export class SendMessagePipe implements PipeTransform<unknown, SendMessageDto> {
  transform(data: unknown): SendMessageDto {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new ProtocolException(ErrorCode.InvalidMessage, 'data must be an object {"content": …}');
    }
    const { content, clientId } = data as Record<string, unknown>;
    const dto = Object.assign(new SendMessageDto(), clientId === undefined ? { content } : { content, clientId });
    const errors = validateSync(dto, { stopAtFirstError: true });
    if (errors.length > 0) {
      throw new ProtocolException(
        ErrorCode.InvalidMessage,
        errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; '),
      );
    }
    return dto;
  }
}
