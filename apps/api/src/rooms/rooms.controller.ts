import { Body, Controller, Get, HttpCode, Param, Post, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { RoomSummary } from '@parley/contracts';
import { SignInRequiredException } from '../auth/auth.exceptions.js';
import { OptionalBearerAuthGuard, Viewer } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { restValidationPipe } from '../common/rest-validation.pipe.js';
import { MembersService } from '../members/members.service.js';
import { CreatesRoom } from '../rate-limits/rate-limit.guard.js';
import { CreateRoomDto } from './dto/create-room.dto.js';
import { RoomSummaryDto } from './dto/room-summary.dto.js';
import { RoomAccess } from './room-access.js';
import { RoomSlugPipe } from './room-slug.pipe.js';
import { RoomsService } from './rooms.service.js';

@ApiTags('rooms')
@ApiBearerAuth()
@UsePipes(restValidationPipe)
@UseGuards(OptionalBearerAuthGuard)
@Controller('rooms')
export class RoomsController {
  constructor(
    private readonly rooms: RoomsService,
    private readonly members: MembersService,
    private readonly access: RoomAccess,
  ) {}

  @Get()
  @ApiOkResponse({ type: [RoomSummaryDto], description: 'Public rooms, at most 100, most recently active first' })
  list(): Promise<RoomSummary[]> {
    return this.rooms.listPublic();
  }

  @Post()
  @CreatesRoom(true)
  @HttpCode(201)
  @ApiCreatedResponse({ type: RoomSummaryDto, description: 'A signed-in creator owns the room' })
  @ApiBadRequestResponse({ description: 'Invalid; a slug for a private room; no name for a private room' })
  @ApiUnauthorizedResponse({ description: 'A private room without a signed-in user' })
  @ApiConflictResponse({ description: 'A room with this slug exists (slugs compare case-insensitively)' })
  @ApiTooManyRequestsResponse({ description: 'This address created too many rooms or made too many writes' })
  async create(@Body() body: CreateRoomDto, @Viewer() viewer: Principal | null): Promise<RoomSummary> {
    if (body.visibility === 'private' && !viewer) throw new SignInRequiredException('Sign in to create a private room');
    const room =
      body.visibility === 'private'
        ? await this.rooms.createPrivate(body.name!)
        : await this.rooms.createPublic(body.slug!, body.name);
    if (viewer) await this.members.addCreator(room, viewer);
    return this.rooms.summary(room);
  }

  @Get(':slug')
  @ApiOkResponse({ type: RoomSummaryDto })
  @ApiNotFoundResponse({ description: 'No such room, or a private one the caller is not a member of' })
  async get(@Param('slug', RoomSlugPipe) slug: string, @Viewer() viewer: Principal | null): Promise<RoomSummary> {
    return this.rooms.summary((await this.access.visible(slug, viewer)).room);
  }
}
