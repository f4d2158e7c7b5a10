import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { Cluster } from './cluster/cluster.js';
import { LocalCluster } from './cluster/local-cluster.js';
import { MessagesModule } from '../messages/messages.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { ChatGateway } from './chat.gateway.js';
import { ChatService } from './chat.service.js';
import { ConnectionGate } from './connection-gate.js';
import { RoomHub } from './room-hub.js';

@Module({
  imports: [RoomsModule, MessagesModule],
  providers: [
    ChatGateway,
    ChatService,
    RoomHub,
    ConnectionGate,
    {
      provide: Cluster,
      inject: [ConfigService, RoomHub, MessagesService, RoomsService],
      // Without REDIS_URL the Redis client is not even loaded.
      useFactory: async (
        config: ConfigService<Environment, true>,
        hub: RoomHub,
        messages: MessagesService,
        rooms: RoomsService,
      ): Promise<Cluster> => {
        const url = config.get('REDIS_URL', { infer: true });
        if (!url) return new LocalCluster(hub);
        const { RedisCluster } = await import('./cluster/redis-cluster.js');
        return new RedisCluster(url, config.get('REDIS_PREFIX', { infer: true }), hub, messages, rooms);
      },
    },
  ],
})
export class RealtimeModule {}
