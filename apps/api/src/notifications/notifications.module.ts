import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { MembersModule } from '../members/members.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { OnlineModule } from '../online/online.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { PushDispatcher } from './push-dispatcher.js';
import { PushSender } from './push-sender.js';
import { PushSubscriptionEntity } from './push-subscription.entity.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';
import { VapidKeysHolder } from './vapid-keys.holder.js';

/** Notification levels and Web Push (docs/protocol.md, Notifications); the in-page frames are realtime's. */
@Module({
  imports: [
    TypeOrmModule.forFeature([PushSubscriptionEntity]),
    AuthModule,
    RoomsModule,
    MembersModule,
    MessagesModule,
    OnlineModule,
  ],
  controllers: [NotificationsController],
  providers: [NotificationsService, VapidKeysHolder, PushSubscriptionsRepository, PushDispatcher, PushSender],
})
export class NotificationsModule {}
