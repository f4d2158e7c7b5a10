import { Controller, Get, Param, Query, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { LIMITS, type ChatMessage, type MessageEdit, type MessagePage, type MessagesAround } from '@parley/contracts';
import { OptionalBearerAuthGuard, Viewer } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { RoomAccess } from '../rooms/room-access.js';
import { RoomSlugPipe } from '../rooms/room-slug.pipe.js';
import { ChatMessageDto, MessageEditDto, MessagePageDto, MessagesAroundDto } from './dto/message-page.dto.js';
import { MessagePageQueryDto } from './dto/message-page.query.js';
import { MessagesService } from './messages.service.js';
import { restValidationPipe } from '../common/rest-validation.pipe.js';

@ApiTags('messages')
@ApiBearerAuth()
@UsePipes(restValidationPipe)
@UseGuards(OptionalBearerAuthGuard)
@Controller('rooms/:slug/messages')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly access: RoomAccess,
  ) {}

  @Get()
  @ApiOkResponse({
    type: MessagePageDto,
    description: 'With around=: {"messages", "hasMoreBefore", "hasMoreAfter"} (MessagesAroundDto) instead',
  })
  @ApiExtraModels(MessagesAroundDto)
  @ApiBadRequestResponse({
    description: 'limit out of range, a cursor that is not a positive integer, or two of before, after and around',
  })
  @ApiNotFoundResponse({ description: 'No such room, or a private one the caller is not a member of' })
  async page(
    @Param('slug', RoomSlugPipe) slug: string,
    @Query() query: MessagePageQueryDto,
    @Viewer() viewer: Principal | null,
  ): Promise<MessagePage | MessagesAround> {
    const { room } = await this.access.visible(slug, viewer);
    if (query.around !== undefined) {
      return this.messages.around(room, query.around, query.limit ?? LIMITS.aroundPageSize);
    }
    return this.messages.page(room, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ChatMessageDto, description: 'The message in its current state (a tombstone if deleted)' })
  @ApiNotFoundResponse({ description: 'No such message in this room (or the room is not visible)' })
  async one(
    @Param('slug', RoomSlugPipe) slug: string,
    @Param('id') id: string,
    @Viewer() viewer: Principal | null,
  ): Promise<ChatMessage> {
    return this.messages.message((await this.access.visible(slug, viewer)).room, id);
  }

  @Get(':id/edits')
  @ApiOkResponse({
    type: [MessageEditDto],
    description: 'Earlier versions, oldest first; [] for a message never edited',
  })
  @ApiNotFoundResponse({ description: 'No such message, or it is deleted' })
  async edits(
    @Param('slug', RoomSlugPipe) slug: string,
    @Param('id') id: string,
    @Viewer() viewer: Principal | null,
  ): Promise<MessageEdit[]> {
    return this.messages.edits((await this.access.visible(slug, viewer)).room, id);
  }
}
