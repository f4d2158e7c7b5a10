import { ApiProperty } from '@nestjs/swagger';
import {
  MEMBER_ROLES,
  type AddMemberRequest,
  type ChangeRoleRequest,
  type DmRequest,
  type Member,
  type MemberRole,
} from '@parley/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { toLowerCaseIfString } from '../../common/value-transforms.js';

export class MemberDto implements Member {
  @ApiProperty()
  userId: string;

  @ApiProperty({ example: 'ali' })
  username: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  role: MemberRole;

  @ApiProperty({ description: 'At least one socket open anywhere in the deployment' })
  online: boolean;
}

export class AddMemberDto implements AddMemberRequest {
  @ApiProperty({ example: 'bea' })
  @Transform(toLowerCaseIfString)
  @IsString()
  @MaxLength(64)
  username: string;
}

/** `POST /api/dms`: the other person. */
export class DmDto extends AddMemberDto implements DmRequest {}

export class ChangeRoleDto implements ChangeRoleRequest {
  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role: MemberRole;
}
