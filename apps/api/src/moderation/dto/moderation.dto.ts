import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ErrorCode,
  LIMITS,
  type AdminGrantRequest,
  type BanRequest,
  type MuteRequest,
  type ReportRequest,
  type ReportStatus,
  type ResolveReportRequest,
  type RoomSettingsRequest,
} from '@parley/contracts';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  Validate,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { codedValidationPipe } from '../../common/rest-validation.pipe.js';
import { toIntegerIfDigits, toLowerCaseIfString } from '../../common/value-transforms.js';
import { RegisteredUsername, USERNAME_RULE } from '../../auth/dto/credentials.dto.js';

/** Every moderation body and query: whatever is wrong is 400 INVALID_DATA, and nothing changes. */
export const moderationValidationPipe = codedValidationPipe(ErrorCode.InvalidData, 'Invalid data');

/** A string of `min`–`max` Unicode code points (not UTF-16 units), not only whitespace. */
function CodePoints(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'codePoints',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && value.trim() !== '' && [...value].length >= min && [...value].length <= max,
        defaultMessage: () => `must be ${min}–${max} characters, not only spaces`,
      },
    },
    options,
  );
}

export class BanRequestDto implements BanRequest {
  @ApiProperty({ description: USERNAME_RULE })
  @Transform(toLowerCaseIfString)
  @IsString({ message: 'username must be a string' })
  @Validate(RegisteredUsername)
  username: string;

  @ApiPropertyOptional({ maxLength: LIMITS.banReasonMaxLength })
  @IsOptional()
  @CodePoints(1, LIMITS.banReasonMaxLength, {
    message: `reason must be 1–${LIMITS.banReasonMaxLength} characters`,
  })
  reason?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIMITS.banMinutesMax, description: 'Omitted: until lifted' })
  @IsOptional()
  @IsInt({ message: `minutes must be an integer from 1 to ${LIMITS.banMinutesMax}` })
  @Min(1, { message: `minutes must be an integer from 1 to ${LIMITS.banMinutesMax}` })
  @Max(LIMITS.banMinutesMax, { message: `minutes must be an integer from 1 to ${LIMITS.banMinutesMax}` })
  minutes?: number;
}

const MUTE_MINUTES_MESSAGE = `minutes must be an integer from ${LIMITS.muteMinutesMin} to ${LIMITS.muteMinutesMax}`;

export class MuteRequestDto implements MuteRequest {
  @ApiProperty({ description: USERNAME_RULE })
  @Transform(toLowerCaseIfString)
  @IsString({ message: 'username must be a string' })
  @Validate(RegisteredUsername)
  username: string;

  @ApiProperty({ minimum: LIMITS.muteMinutesMin, maximum: LIMITS.muteMinutesMax })
  @IsInt({ message: MUTE_MINUTES_MESSAGE })
  @Min(LIMITS.muteMinutesMin, { message: MUTE_MINUTES_MESSAGE })
  @Max(LIMITS.muteMinutesMax, { message: MUTE_MINUTES_MESSAGE })
  minutes: number;
}

export class RoomSettingsDto implements RoomSettingsRequest {
  @ApiProperty()
  @IsBoolean({ message: 'guests must be true or false' })
  guests: boolean;
}

export class ReportRequestDto implements ReportRequest {
  @ApiProperty({ minLength: 1, maxLength: LIMITS.reportReasonMaxLength })
  @CodePoints(1, LIMITS.reportReasonMaxLength, {
    message: `reason must be 1–${LIMITS.reportReasonMaxLength} characters, not only spaces`,
  })
  reason: string;
}

export class ResolveReportDto implements ResolveReportRequest {
  @ApiProperty({ enum: ['resolved'] })
  @IsIn(['resolved'], { message: 'status must be "resolved"' })
  status: 'resolved';
}

export class AdminGrantDto implements AdminGrantRequest {
  @ApiProperty()
  @IsBoolean({ message: 'admin must be true or false' })
  admin: boolean;
}

const LIMIT_MESSAGE = `limit must be an integer from 1 to ${LIMITS.adminPageMaxSize}`;
const CURSOR_MESSAGE = 'after must be a nextCursor this listing gave';

/** `limit` of every moderation listing. */
class ListingPageQueryDto {
  @ApiPropertyOptional({ default: LIMITS.adminPageSize, minimum: 1, maximum: LIMITS.adminPageMaxSize })
  @IsOptional()
  @Transform(toIntegerIfDigits)
  @IsInt({ message: LIMIT_MESSAGE })
  @Min(1, { message: LIMIT_MESSAGE })
  @Max(LIMITS.adminPageMaxSize, { message: LIMIT_MESSAGE })
  limit: number = LIMITS.adminPageSize;
}

/** `limit` and `after` (an entry id) of the id-ordered listings: reports and the audit log. */
export class IdPageQueryDto extends ListingPageQueryDto {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @Transform(toIntegerIfDigits)
  @IsInt({ message: CURSOR_MESSAGE })
  @Min(1, { message: CURSOR_MESSAGE })
  after?: number;
}

export class ReportPageQueryDto extends IdPageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved'], description: 'Omitted: both' })
  @IsOptional()
  @IsIn(['open', 'resolved'], { message: 'status must be open or resolved' })
  status?: ReportStatus;
}

/** `limit`, `after` (a username) and `q` (a username prefix) of the users listing. */
export class AdminUsersQueryDto extends ListingPageQueryDto {
  @ApiPropertyOptional({ description: 'Usernames starting with this' })
  @IsOptional()
  @IsString({ message: 'q must be a string' })
  @Matches(/^[A-Za-z0-9_.-]{1,32}$/, { message: 'q must be the start of a username' })
  q?: string;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString({ message: CURSOR_MESSAGE })
  @Matches(/^[a-z0-9_.-]{1,32}$/, { message: CURSOR_MESSAGE })
  after?: string;
}
