import { Controller, Get, Param, Query, UsePipes } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { MessagePage } from '@parley/contracts';
import { RoomSlugPipe } from '../rooms/room-slug.pipe.js';
import { MessagePageDto } from './dto/message-page.dto.js';
import { MessagePageQueryDto } from './dto/message-page.query.js';
import { MessagesService } from './messages.service.js';
import { restValidationPipe } from '../common/rest-validation.pipe.js';

@ApiTags('messages')
@UsePipes(restValidationPipe)
@Controller('rooms/:slug/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOkResponse({ type: MessagePageDto })
  @ApiBadRequestResponse({
    description: 'limit out of range, a cursor that is not a positive integer, or both cursors',
  })
  @ApiNotFoundResponse({ description: 'Unknown room' })
  page(@Param('slug', RoomSlugPipe) slug: string, @Query() query: MessagePageQueryDto): Promise<MessagePage> {
    return this.messages.page(slug, query);
  }
}
