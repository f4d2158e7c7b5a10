import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { MessageEntity } from './message.entity.js';
import { EventsController } from './events.controller.js';
import { MessageChangesRepository } from './message-changes.repository.js';
import { MessageEditEntity } from './message-edit.entity.js';
import { MessageEventEntity } from './message-event.entity.js';
import { MessagesController } from './messages.controller.js';
import { MessagesRepository } from './messages.repository.js';
import { MessageStore } from './message-store.js';
import { RoomSeqs } from './room-seqs.js';
import { SearchIndexModule } from '../search/search-index.module.js';
import { AttachmentsModule } from '../files/attachments.module.js';
import { MessagesService } from './messages.service.js';
import { AuditModule } from '../audit/audit.module.js';
import { MessageAttachments } from './message-attachments.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([MessageEntity, MessageEventEntity, MessageEditEntity]),
    RoomsModule,
    AuthModule,
    SearchIndexModule,
    AttachmentsModule,
    AuditModule,
  ],
  controllers: [MessagesController, EventsController],
  providers: [
    MessageAttachments,
    MessagesRepository,
    MessageStore,
    MessageChangesRepository,
    RoomSeqs,
    MessagesService,
  ],
  exports: [MessagesService, MessagesRepository, MessageAttachments],
})
export class MessagesModule {}
