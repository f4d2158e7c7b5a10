import { ApiProperty } from '@nestjs/swagger';
import type { PushSubscriptionRequest, PushUnsubscribeRequest } from '@parley/contracts';
import { Type } from 'class-transformer';
import { IsDefined, IsNumber, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

/** An endpoint URL (whether http: is taken is the service's question, by PUSH_ALLOW_HTTP_ENDPOINTS). */
const ENDPOINT = /^https?:\/\/[^\s/]+\/\S*$/;

class PushKeysDto {
  /** A P-256 public point, uncompressed: 65 bytes, 87 base64url characters. */
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{86,88}={0,2}$/, { message: 'keys.p256dh must be a base64url P-256 public key' })
  p256dh: string;

  /** 16 bytes: 22 base64url characters. */
  @ApiProperty()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{22}(==)?$/, { message: 'keys.auth must be a base64url 16-byte secret' })
  auth: string;
}

/** A browser's `PushSubscription.toJSON()`. */
export class PushSubscriptionDto implements PushSubscriptionRequest {
  @ApiProperty({ example: 'https://fcm.googleapis.com/fcm/send/…' })
  @IsString()
  @MaxLength(2048)
  @Matches(ENDPOINT, { message: 'endpoint must be an http(s) URL' })
  endpoint: string;

  @ApiProperty({ type: PushKeysDto })
  @IsDefined({ message: 'keys is required' })
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys: PushKeysDto;

  /** Part of what browsers send; not kept. */
  @ApiProperty({ required: false, nullable: true, type: Number })
  @IsOptional()
  @IsNumber()
  expirationTime?: number | null;
}

export class PushUnsubscribeDto implements PushUnsubscribeRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(2048)
  endpoint: string;
}
