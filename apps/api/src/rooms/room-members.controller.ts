import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Member } from '@parley/contracts';
import { BearerAuthGuard, CurrentPrincipal, OptionalBearerAuthGuard, Viewer } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { restValidationPipe } from '../common/rest-validation.pipe.js';
import { AddMemberDto, ChangeRoleDto, MemberDto } from '../members/dto/member.dto.js';
import { MembersService } from '../members/members.service.js';
import { RoomAccess } from './room-access.js';
import { RoomSlugPipe } from './room-slug.pipe.js';

@ApiTags('members')
@ApiBearerAuth()
@UsePipes(restValidationPipe)
@Controller('rooms/:slug/members')
export class RoomMembersController {
  constructor(
    private readonly members: MembersService,
    private readonly access: RoomAccess,
  ) {}

  @Get()
  @UseGuards(OptionalBearerAuthGuard)
  @ApiOkResponse({ type: [MemberDto], description: "A public room's members to anyone; a private room's to members" })
  @ApiNotFoundResponse()
  async list(@Param('slug', RoomSlugPipe) slug: string, @Viewer() viewer: Principal | null): Promise<Member[]> {
    return this.members.list((await this.access.visible(slug, viewer)).room);
  }

  @Post()
  @HttpCode(201)
  @UseGuards(BearerAuthGuard)
  @ApiCreatedResponse({ type: MemberDto, description: 'Added at once (no acceptance step)' })
  @ApiForbiddenResponse({ description: 'Not the owner or an admin of a private room' })
  @ApiNotFoundResponse({ description: 'No such room (or not visible), or no such user' })
  @ApiConflictResponse({ description: 'A member already' })
  async add(
    @Param('slug', RoomSlugPipe) slug: string,
    @CurrentPrincipal() actor: Principal,
    @Body() body: AddMemberDto,
  ): Promise<Member> {
    return this.members.add((await this.access.visible(slug, actor)).room, actor, body.username);
  }

  @Delete(':username')
  @HttpCode(204)
  @UseGuards(BearerAuthGuard)
  @ApiNoContentResponse({ description: 'Removed (or left); their sockets to the room close with 4403' })
  @ApiForbiddenResponse({ description: 'Not allowed: see docs/protocol.md, Members' })
  @ApiNotFoundResponse()
  async remove(
    @Param('slug', RoomSlugPipe) slug: string,
    @Param('username') username: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    await this.members.remove((await this.access.visible(slug, actor)).room, actor, username.toLowerCase());
  }

  @Patch(':username')
  @UseGuards(BearerAuthGuard)
  @ApiOkResponse({ type: MemberDto, description: 'Making someone owner hands ownership over' })
  @ApiForbiddenResponse({ description: 'Only the owner changes roles, never their own, never in a DM' })
  @ApiNotFoundResponse()
  async changeRole(
    @Param('slug', RoomSlugPipe) slug: string,
    @Param('username') username: string,
    @CurrentPrincipal() actor: Principal,
    @Body() body: ChangeRoleDto,
  ): Promise<Member> {
    const { room } = await this.access.visible(slug, actor);
    return this.members.changeRole(room, actor, username.toLowerCase(), body.role);
  }
}
