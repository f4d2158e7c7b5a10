import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { ChatGateway } from './chat.gateway.js';
import { ChatService } from './chat.service.js';
import { ConnectionGate } from './connection-gate.js';
import { RoomHub } from './room-hub.js';

@Module({
  imports: [RoomsModule, MessagesModule],
  providers: [ChatGateway, ChatService, RoomHub, ConnectionGate],
})
export class RealtimeModule {}
