import { Controller, Get, Param, Query, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { EventPage } from '@parley/contracts';
import { OptionalBearerAuthGuard, Viewer } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { restValidationPipe } from '../common/rest-validation.pipe.js';
import { RoomAccess } from '../rooms/room-access.js';
import { RoomSlugPipe } from '../rooms/room-slug.pipe.js';
import { EventPageDto } from './dto/message-page.dto.js';
import { EventPageQueryDto } from './dto/event-page.query.js';
import { MessagesService } from './messages.service.js';

@ApiTags('messages')
@ApiBearerAuth()
@UsePipes(restValidationPipe)
@UseGuards(OptionalBearerAuthGuard)
@Controller('rooms/:slug/events')
export class EventsController {
  constructor(
    private readonly messages: MessagesService,
    private readonly access: RoomAccess,
  ) {}

  @Get()
  @ApiOkResponse({
    type: EventPageDto,
    description: 'The log after `after`, in seq order, each message in its current state',
  })
  @ApiBadRequestResponse({ description: 'after missing or not a non-negative integer; limit out of 1..100' })
  @ApiNotFoundResponse()
  async page(
    @Param('slug', RoomSlugPipe) slug: string,
    @Query() query: EventPageQueryDto,
    @Viewer() viewer: Principal | null,
  ): Promise<EventPage> {
    const { room } = await this.access.visible(slug, viewer);
    return this.messages.events(room, query.after, query.limit);
  }
}
