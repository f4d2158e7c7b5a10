import { ApiProperty } from '@nestjs/swagger';
import {
  MEMBER_ROLES,
  type AddMemberRequest,
  type ChangeRoleRequest,
  type Member,
  type MemberRole,
} from '@parley/contracts';
import { Transform } from 'class-transformer';
import { IsIn, IsString, MaxLength } from 'class-validator';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

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
  @Transform(lowerCase)
  @IsString()
  @MaxLength(64)
  username: string;
}

export class ChangeRoleDto implements ChangeRoleRequest {
  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role: MemberRole;
}
