import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS } from '@parley/contracts';
import type { CreateRoomRequest } from '@parley/contracts';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CreateRoomDto implements CreateRoomRequest {
  @ApiProperty({ example: 'general', description: '1–64 of a-z 0-9 - _, case-insensitive, stored lower-case' })
  @IsString()
  @Matches(new RegExp(`^[A-Za-z0-9_-]{1,${LIMITS.roomSlugMaxLength}}$`), {
    message: `slug must be 1–${LIMITS.roomSlugMaxLength} of a-z 0-9 - _`,
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  slug: string;

  @ApiPropertyOptional({ example: 'General', description: 'Display name; defaults to the slug' })
  @IsOptional()
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsNotEmpty()
  @MaxLength(LIMITS.roomNameMaxLength)
  name?: string;
}
