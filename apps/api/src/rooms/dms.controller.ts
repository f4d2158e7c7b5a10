import { Body, Controller, HttpCode, Post, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { RoomSummary } from '@parley/contracts';
import { BearerAuthGuard, CurrentPrincipal } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { restValidationPipe } from '../common/rest-validation.pipe.js';
import { DmDto } from '../members/dto/member.dto.js';
import { DirectMessagesService } from './direct-messages.service.js';
import { RoomSummaryDto } from './dto/room-summary.dto.js';

@ApiTags('rooms')
@ApiBearerAuth()
@UsePipes(restValidationPipe)
@UseGuards(BearerAuthGuard)
@Controller('dms')
export class DmsController {
  constructor(private readonly dms: DirectMessagesService) {}

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ type: RoomSummaryDto, description: 'The DM of the two of you (made on first ask)' })
  @ApiBadRequestResponse({ description: 'A DM with yourself' })
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiUnauthorizedResponse({ description: 'Not signed in (guests have no DMs)' })
  open(@CurrentPrincipal() asker: Principal, @Body() body: DmDto): Promise<RoomSummary> {
    return this.dms.open(asker, body.username);
  }
}
