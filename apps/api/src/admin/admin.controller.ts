import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AdminUser, AdminUserPage, AuditPage, Report, ReportPage } from '@parley/contracts';
import { AuditLog } from '../audit/audit-log.js';
import { CurrentPrincipal } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import {
  AdminGrantDto,
  AdminUsersQueryDto,
  IdPageQueryDto,
  moderationValidationPipe,
  ReportPageQueryDto,
  ResolveReportDto,
} from '../moderation/dto/moderation.dto.js';
import { ReportIdPipe } from '../moderation/report-id.pipe.js';
import { ReportsService } from '../moderation/reports.service.js';
import { AdminAccountsService } from './admin-accounts.service.js';
import { AdminGuard } from './admin.guard.js';

/** Server admins' endpoints (docs/protocol.md, Moderation): accounts, every room's reports, the whole audit log. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@UsePipes(moderationValidationPipe)
@ApiUnauthorizedResponse({ description: 'No valid access token' })
@ApiForbiddenResponse({ description: '{"code": "FORBIDDEN"}: not a server admin' })
@Controller('admin')
export class AdminController {
  constructor(
    private readonly accounts: AdminAccountsService,
    private readonly reports: ReportsService,
    private readonly audit: AuditLog,
  ) {}

  @Get('users')
  @ApiOkResponse({ description: '{"users", "nextCursor"}, by username' })
  users(@Query() query: AdminUsersQueryDto): Promise<AdminUserPage> {
    return this.accounts.list(query.q, query.after, query.limit);
  }

  @Put('users/:username/admin')
  @ApiOkResponse({ description: 'The user, with "admin" as asked' })
  @ApiConflictResponse({ description: '{"code": "LAST_ADMIN"}: the last active admin' })
  setAdmin(
    @Param('username') username: string,
    @CurrentPrincipal() actor: Principal,
    @Body() body: AdminGrantDto,
  ): Promise<AdminUser> {
    return this.accounts.setAdmin(actor, username, body.admin);
  }

  @Post('users/:username/deactivate')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Signed out everywhere; sign-in refused until reactivated' })
  @ApiConflictResponse({ description: '{"code": "SELF"}, or {"code": "LAST_ADMIN"}' })
  async deactivate(@Param('username') username: string, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.accounts.deactivate(actor, username);
  }

  @Post('users/:username/reactivate')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'May sign in again' })
  async reactivate(@Param('username') username: string, @CurrentPrincipal() actor: Principal): Promise<void> {
    await this.accounts.reactivate(actor, username);
  }

  @Get('reports')
  @ApiOkResponse({ description: "Every room's reports, newest first" })
  reportPage(@Query() query: ReportPageQueryDto): Promise<ReportPage> {
    return this.reports.page(query);
  }

  @Patch('reports/:id')
  @ApiOkResponse({ description: 'The report, resolved' })
  resolve(
    @Param('id', ReportIdPipe) id: number,
    @CurrentPrincipal() actor: Principal,
    @Body() _body: ResolveReportDto,
  ): Promise<Report> {
    return this.reports.resolve(id, actor);
  }

  @Get('audit')
  @ApiOkResponse({ description: 'The audit log, newest first' })
  auditPage(@Query() query: IdPageQueryDto): Promise<AuditPage> {
    return this.audit.page({ after: query.after, limit: query.limit });
  }
}
