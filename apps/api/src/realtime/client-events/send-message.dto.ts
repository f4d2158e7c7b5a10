import { isSendableContent, LIMITS, type SendMessageData } from '@parley/contracts';
import type { ValidationArguments } from 'class-validator';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsString,
  Length,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'sendableContent' })
class SendableContent implements ValidatorConstraintInterface {
  validate(content: unknown, { object }: ValidationArguments): boolean {
    const withAttachments = (object as Partial<SendMessageData>).attachments !== undefined;
    return typeof content === 'string' && isSendableContent(content, withAttachments);
  }

  defaultMessage({ object }: ValidationArguments): string {
    return (object as Partial<SendMessageData>).attachments !== undefined
      ? `content must be at most ${LIMITS.messageMaxLength} characters`
      : `content must be 1–${LIMITS.messageMaxLength} characters and not only whitespace`;
  }
}

/** The id a frame may carry to be acked and resent safely. */
export class ClientIdDto {
  @ValidateIf((dto: ClientIdDto) => dto.clientId !== undefined)
  @IsString({ message: 'clientId must be a string' })
  @Length(1, LIMITS.clientIdMaxLength, { message: `clientId must be 1–${LIMITS.clientIdMaxLength} characters` })
  clientId?: string;
}

/** A message's text, as `message` and `edit` frames carry it. */
export class ContentDto extends ClientIdDto {
  @IsString({ message: 'content must be a string' })
  @Validate(SendableContent)
  content: string;
}

/** A message id in a frame: the one to change, or the one to quote. */
export class MessageIdDto extends ClientIdDto {
  @IsString({ message: 'id must be a string' })
  @Length(1, 64, { message: 'id must be a message id' })
  id: string;
}

/** Data of a client's `message` frame; any other field is stripped before it reaches the service. */
export class SendMessageDto extends ContentDto implements SendMessageData {
  /** Checked on its own: a bad one is INVALID_DATA, not INVALID_MESSAGE. */
  replyTo?: string;

  /** Upload ids; whether each is the sender's to use is the service's question (INVALID_ATTACHMENT). */
  @ValidateIf((dto: SendMessageDto) => dto.attachments !== undefined)
  @IsArray({ message: 'attachments must be an array of upload ids' })
  @ArrayMinSize(1, { message: 'attachments must hold 1 or more ids' })
  @ArrayMaxSize(LIMITS.attachmentsPerMessage, {
    message: `attachments must hold at most ${LIMITS.attachmentsPerMessage} ids`,
  })
  @ArrayUnique({ message: 'attachments must not repeat an id' })
  @IsString({ each: true, message: 'attachments must be an array of upload ids' })
  @Length(1, 64, { each: true, message: 'attachments must be an array of upload ids' })
  attachments?: string[];
}
