import { isSendableContent, LIMITS, type SendMessageData } from '@parley/contracts';
import {
  IsString,
  Length,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';

@ValidatorConstraint({ name: 'sendableContent' })
class SendableContent implements ValidatorConstraintInterface {
  validate(content: unknown): boolean {
    return typeof content === 'string' && isSendableContent(content);
  }

  defaultMessage(): string {
    return `content must be 1–${LIMITS.messageMaxLength} characters and not only whitespace`;
  }
}

/** Data of a client's `message` frame; any other field is stripped before it reaches the service. */
export class SendMessageDto implements SendMessageData {
  @IsString({ message: 'content must be a string' })
  @Validate(SendableContent)
  content: string;

  @ValidateIf((dto: SendMessageDto) => dto.clientId !== undefined)
  @IsString({ message: 'clientId must be a string' })
  @Length(1, LIMITS.clientIdMaxLength, { message: `clientId must be 1–${LIMITS.clientIdMaxLength} characters` })
  clientId?: string;
}
