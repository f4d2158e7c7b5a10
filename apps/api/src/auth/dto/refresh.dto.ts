import { ApiPropertyOptional } from '@nestjs/swagger';
import type { RefreshRequest } from '@parley/contracts';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class RefreshDto implements RefreshRequest {
  @ApiPropertyOptional({ description: 'The refresh token; without it, the parley_refresh cookie is used' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  refreshToken?: string;
}
