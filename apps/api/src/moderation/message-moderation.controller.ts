import { Body, Controller, Delete, HttpCode, Param, Post, Res, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { ReportReceipt } from '@parley/contracts';
import type { Response } from 'express';
import { BearerAuthGuard, CurrentPrincipal } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { RoomSlugPipe } from '../rooms/room-slug.pipe.js';
import { moderationValidationPipe, ReportRequestDto } from './dto/moderation.dto.js';
import { MessageRemovals } from './message-removals.js';
import { ReportsService } from './reports.service.js';

/** What a signed-in person does to one message over REST: report it, or delete it (docs/protocol.md, Moderation). */
@ApiTags('moderation')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard)
@UsePipes(moderationValidationPipe)
@ApiNotFoundResponse({ description: 'No such room or message, or a private room the caller cannot see' })
@Controller('rooms/:slug/messages/:id')
export class MessageModerationController {
  constructor(
    private readonly reports: ReportsService,
    private readonly removals: MessageRemovals,
  ) {}

  @Post('report')
  @ApiCreatedResponse({ description: '{"id", "status": "open"}: a new report' })
  @ApiOkResponse({ description: 'The same person reported this message before: that report' })
  async report(
    @Param('slug', RoomSlugPipe) slug: string,
    @Param('id') id: string,
    @CurrentPrincipal() reporter: Principal,
    @Body() body: ReportRequestDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportReceipt> {
    const filed = await this.reports.file(slug, reporter, id, body.reason);
    response.status(filed.created ? 201 : 200);
    return filed.receipt;
  }

  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({
    description: 'Deleted, as by the socket’s delete: its sender, the room’s owner or admins, a server admin',
  })
  @ApiForbiddenResponse({ description: 'Not theirs to delete' })
  async delete(
    @Param('slug', RoomSlugPipe) slug: string,
    @Param('id') id: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    await this.removals.delete(slug, actor, id);
  }
}
