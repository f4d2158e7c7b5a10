import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIMITS, normalizeRoomSlug, type CreateRoomRequest, type RoomVisibility } from '@parley/contracts';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Validate,
  ValidateIf,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { toLowerCaseIfString } from '../../common/value-transforms.js';
import { IsVisibleName } from '../../common/visible-name.validator.js';

/** A public room is created by its slug; a private room's slug is chosen by the server, so none may be given. */
@ValidatorConstraint({ name: 'slugForVisibility' })
class SlugForVisibility implements ValidatorConstraintInterface {
  validate(slug: unknown, args: ValidationArguments): boolean {
    if ((args.object as CreateRoomDto).visibility === 'private') return slug === undefined;
    return typeof slug === 'string' && normalizeRoomSlug(slug) === slug;
  }

  defaultMessage(args: ValidationArguments): string {
    return (args.object as CreateRoomDto).visibility === 'private'
      ? 'slug: the server chooses a private room’s slug; send only its name'
      : `slug must be 1–${LIMITS.roomSlugMaxLength} of a-z 0-9 - _`;
  }
}

export class CreateRoomDto implements CreateRoomRequest {
  @ApiPropertyOptional({
    example: 'general',
    description: 'Public rooms: 1–64 of a-z 0-9 - _, case-insensitive, stored lower-case. Private rooms: not allowed',
  })
  @Transform(toLowerCaseIfString)
  @Validate(SlugForVisibility)
  slug?: string;

  @ApiPropertyOptional({
    example: 'General',
    description: 'Display name; defaults to the slug; required for a private room',
  })
  @ValidateIf((dto: CreateRoomDto) => dto.visibility === 'private' || dto.name !== undefined)
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsNotEmpty()
  @MaxLength(LIMITS.roomNameMaxLength)
  @IsVisibleName()
  name?: string;

  @ApiPropertyOptional({ enum: ['public', 'private'], default: 'public', description: 'private: signed-in users only' })
  @IsOptional()
  @IsIn(['public', 'private'])
  visibility?: RoomVisibility;
}
