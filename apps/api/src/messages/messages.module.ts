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
import { MessagesService } from './messages.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([MessageEntity, MessageEventEntity, MessageEditEntity]),
    RoomsModule,
    AuthModule,
    SearchIndexModule,
  ],
  controllers: [MessagesController, EventsController],
  providers: [MessagesRepository, MessageStore, MessageChangesRepository, RoomSeqs, MessagesService],
  exports: [MessagesService, MessagesRepository],
})
export class MessagesModule {}
