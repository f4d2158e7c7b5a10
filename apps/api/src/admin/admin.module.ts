import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminAccountsService } from './admin-accounts.service.js';
import { AdminController } from './admin.controller.js';
import { AdminGuard } from './admin.guard.js';

/** Server admins: accounts (admin grants, deactivation), every room's reports, the audit log. */
@Module({
  imports: [AuthModule, UsersModule, AuditModule, ModerationModule],
  controllers: [AdminController],
  providers: [AdminAccountsService, AdminGuard],
})
export class AdminModule {}
