import { ApiProperty } from '@nestjs/swagger';
import type { ChangePasswordRequest } from '@parley/contracts';
import { IsString, MaxLength, Validate } from 'class-validator';
import { PASSWORD_RULE, ValidPassword } from './credentials.dto.js';

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({ description: PASSWORD_RULE })
  @IsString()
  @Validate(ValidPassword)
  newPassword: string;
}
