import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { UsersModule } from '../users/users.module.js';
import { MessageModerationController } from './message-moderation.controller.js';
import { MessageRemovals } from './message-removals.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';
import { RestrictionsModule } from './restrictions.module.js';
import { RoomModerationController } from './room-moderation.controller.js';
import { RoomGuestsService } from './room-guests.service.js';
import { RoomManagerGuard } from './room-manager.guard.js';
import { RoomModerationService } from './room-moderation.service.js';

/** A room's moderation (bans, mutes, guests, behind RoomManagerGuard), reports of messages, and deletes over REST. */
@Module({
  imports: [AuthModule, RoomsModule, MessagesModule, UsersModule, AuditModule, RestrictionsModule],
  controllers: [RoomModerationController, MessageModerationController],
  providers: [
    RoomModerationService,
    RoomGuestsService,
    RoomManagerGuard,
    ReportsService,
    ReportsRepository,
    MessageRemovals,
  ],
  exports: [ReportsService],
})
export class ModerationModule {}
