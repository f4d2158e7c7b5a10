import { Body, Controller, Get, HttpCode, Param, Post, UsePipes } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { CreatesRoom } from '../rate-limits/rate-limit.guard.js';
import type { RoomSummary } from '@parley/contracts';
import { CreateRoomDto } from './dto/create-room.dto.js';
import { RoomSummaryDto } from './dto/room-summary.dto.js';
import { RoomSlugPipe } from './room-slug.pipe.js';
import { RoomsService } from './rooms.service.js';
import { restValidationPipe } from '../common/rest-validation.pipe.js';

@ApiTags('rooms')
@UsePipes(restValidationPipe)
@Controller('rooms')
export class RoomsController {
  constructor(private readonly rooms: RoomsService) {}

  @Get()
  @ApiOkResponse({ type: [RoomSummaryDto], description: 'At most 100 rooms, most recently active first' })
  list(): Promise<RoomSummary[]> {
    return this.rooms.list();
  }

  @Post()
  @CreatesRoom(true)
  @HttpCode(201)
  @ApiCreatedResponse({ type: RoomSummaryDto })
  @ApiConflictResponse({ description: 'A room with this slug exists (slugs compare case-insensitively)' })
  @ApiTooManyRequestsResponse({
    description: 'This address created too many rooms or made too many writes; see Retry-After',
  })
  create(@Body() body: CreateRoomDto): Promise<RoomSummary> {
    return this.rooms.create(body.slug, body.name);
  }

  @Get(':slug')
  @ApiOkResponse({ type: RoomSummaryDto })
  @ApiNotFoundResponse()
  get(@Param('slug', RoomSlugPipe) slug: string): Promise<RoomSummary> {
    return this.rooms.get(slug);
  }
}
