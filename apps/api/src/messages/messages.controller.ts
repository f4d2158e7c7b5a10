import { Controller, Get, Param, Query, UseGuards, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { MessagePage } from '@parley/contracts';
import { OptionalBearerAuthGuard, Viewer } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { RoomAccess } from '../rooms/room-access.js';
import { RoomSlugPipe } from '../rooms/room-slug.pipe.js';
import { MessagePageDto } from './dto/message-page.dto.js';
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
  @ApiOkResponse({ type: MessagePageDto })
  @ApiBadRequestResponse({
    description: 'limit out of range, a cursor that is not a positive integer, or both cursors',
  })
  @ApiNotFoundResponse({ description: 'No such room, or a private one the caller is not a member of' })
  async page(
    @Param('slug', RoomSlugPipe) slug: string,
    @Query() query: MessagePageQueryDto,
    @Viewer() viewer: Principal | null,
  ): Promise<MessagePage> {
    return this.messages.page((await this.access.visible(slug, viewer)).room, query);
  }
}
