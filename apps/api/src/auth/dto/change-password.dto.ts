import { ApiProperty } from '@nestjs/swagger';
import type { ChangePasswordRequest } from '@parley/contracts';
import { IsString, MaxLength, Validate } from 'class-validator';
import { ValidPassword } from './credentials.dto.js';

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({ description: '8–256 characters, not only spaces' })
  @IsString()
  @Validate(ValidPassword)
  newPassword: string;
}
