import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
  UsePipes,
} from '@nestjs/common';
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
import type { AuditPage, Ban, Mute, Report, ReportPage, RoomSummary } from '@parley/contracts';
import { AuditLog } from '../audit/audit-log.js';
import { BearerAuthGuard, CurrentPrincipal } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import {
  BanRequestDto,
  IdPageQueryDto,
  moderationValidationPipe,
  MuteRequestDto,
  ReportPageQueryDto,
  ResolveReportDto,
  RoomSettingsDto,
} from './dto/moderation.dto.js';
import { ReportIdPipe } from './report-id.pipe.js';
import { ReportsService } from './reports.service.js';
import { RoomGuestsService } from './room-guests.service.js';
import { Managed, RoomManagerGuard, type ManagedRoom } from './room-manager.guard.js';
import { RoomModerationService } from './room-moderation.service.js';

/** A room's moderation, for its owner and admins and for server admins (docs/protocol.md, Moderation). */
@ApiTags('moderation')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard, RoomManagerGuard)
@UsePipes(moderationValidationPipe)
@ApiForbiddenResponse({ description: '{"code": "FORBIDDEN"}: not the owner, a room admin or a server admin' })
@ApiNotFoundResponse({ description: 'No such room, or a private one the caller cannot see' })
@Controller('rooms/:slug')
export class RoomModerationController {
  constructor(
    private readonly moderation: RoomModerationService,
    private readonly guests: RoomGuestsService,
    private readonly reports: ReportsService,
    private readonly audit: AuditLog,
  ) {}

  @Patch()
  @ApiOkResponse({ description: 'RoomSummary with the new "guests"; public rooms only' })
  setGuests(
    @Managed() managed: ManagedRoom,
    @CurrentPrincipal() actor: Principal,
    @Body() body: RoomSettingsDto,
  ): Promise<RoomSummary> {
    return this.guests.set(managed, actor, body.guests);
  }

  @Post('bans')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'Banned: their sockets to the room close with 4403, they are no member' })
  @ApiConflictResponse({ description: '{"code": "OWNER_PROTECTED"} or {"code": "SELF"}' })
  ban(
    @Managed() managed: ManagedRoom,
    @CurrentPrincipal() actor: Principal,
    @Body() body: BanRequestDto,
  ): Promise<Ban> {
    return this.moderation.ban(managed, actor, body);
  }

  @Get('bans')
  @ApiOkResponse({ description: 'The bans in force, newest first' })
  bans(@Managed() managed: ManagedRoom): Promise<Ban[]> {
    return this.moderation.bans(managed);
  }

  @Delete('bans/:username')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Lifted; 404 when they are not banned' })
  async unban(
    @Managed() managed: ManagedRoom,
    @Param('username') username: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    await this.moderation.unban(managed, actor, username);
  }

  @Post('mutes')
  @HttpCode(201)
  @ApiCreatedResponse({ description: 'Muted: their message, edit, react and typing frames get MUTED until "until"' })
  @ApiConflictResponse({ description: '{"code": "OWNER_PROTECTED"} or {"code": "SELF"}' })
  mute(
    @Managed() managed: ManagedRoom,
    @CurrentPrincipal() actor: Principal,
    @Body() body: MuteRequestDto,
  ): Promise<Mute> {
    return this.moderation.mute(managed, actor, body);
  }

  @Get('mutes')
  @ApiOkResponse({ description: 'The mutes in force, newest first' })
  mutes(@Managed() managed: ManagedRoom): Promise<Mute[]> {
    return this.moderation.mutes(managed);
  }

  @Delete('mutes/:username')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Lifted; 404 when they are not muted' })
  async unmute(
    @Managed() managed: ManagedRoom,
    @Param('username') username: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    await this.moderation.unmute(managed, actor, username);
  }

  @Get('reports')
  @ApiOkResponse({ description: "The room's reports, newest first" })
  reportPage(@Managed() { room }: ManagedRoom, @Query() query: ReportPageQueryDto): Promise<ReportPage> {
    return this.reports.page({ ...query, roomId: room.id });
  }

  @Patch('reports/:id')
  @ApiOkResponse({ description: 'The report, resolved' })
  resolve(
    @Managed() { room }: ManagedRoom,
    @Param('id', ReportIdPipe) id: number,
    @CurrentPrincipal() actor: Principal,
    @Body() _body: ResolveReportDto,
  ): Promise<Report> {
    return this.reports.resolve(id, actor, room);
  }

  @Get('audit')
  @ApiOkResponse({ description: "The room's audit log, newest first" })
  auditPage(@Managed() { room }: ManagedRoom, @Query() query: IdPageQueryDto): Promise<AuditPage> {
    return this.audit.page({ roomId: room.id, after: query.after, limit: query.limit });
  }
}
