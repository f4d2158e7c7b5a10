import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { MessagesService } from '../messages/messages.service.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { ChatGateway } from './chat.gateway.js';
import { ClientEventRouter } from './client-events/client-event-router.js';
import { CLIENT_EVENT_TABLE, clientEventTable } from './client-events/client-event-table.js';
import { ReadingModule } from '../reading/reading.module.js';
import { ReadMarkersService } from '../reading/read-markers.service.js';
import { AccountWatch } from './orchestration/account-watch.js';
import { ChangeService } from './orchestration/change.service.js';
import { Departures } from './orchestration/departures.js';
import { MemberContext } from './orchestration/member-context.js';
import { MembershipWatch } from './orchestration/membership-watch.js';
import { TypingService } from './orchestration/typing.service.js';
import { UserStreamsService } from './orchestration/user-streams.service.js';
import { ConnectionLifecycle } from './orchestration/connection-lifecycle.js';
import { JoinService } from './orchestration/join.service.js';
import { PresenceService } from './orchestration/presence.service.js';
import { RoomLog, StoredRoomLog } from './orchestration/room-log.js';
import { RoomRelay } from './orchestration/room-relay.js';
import { SendService } from './orchestration/send.service.js';
import { Connections } from './state/connections.js';
import { RoomHub } from './state/room-hub.js';
import { SessionFactory } from './state/session-factory.js';
import { Cluster } from './transport/cluster/cluster.js';
import { LocalCluster } from './transport/cluster/local-cluster.js';
import { RedisCluster } from './transport/cluster/redis-cluster.js';
import { ConnectionAuthenticator } from './transport/connection-authenticator.js';
import { ConnectionGate } from './transport/connection-gate.js';
import { LocalPresenceRegistry } from './transport/presence/local-presence-registry.js';
import { PresenceRegistry } from './transport/presence/presence-registry.js';
import { RedisPresenceRegistry } from './transport/presence/redis-presence-registry.js';

/**
 * The live side of Parley, in four layers: transport (the socket adapter, the upgrade gate, the links between
 * instances), policy (rate, size and delivery rules), state (sessions, this instance's rooms, sequencing) and
 * orchestration (joining, sending, presence, the relay of room events, the connection lifecycle).
 */
@Module({
  imports: [RoomsModule, MessagesModule, AuthModule, ReadingModule],
  providers: [
    ChatGateway,
    ClientEventRouter,
    {
      provide: CLIENT_EVENT_TABLE,
      inject: [SendService, ChangeService, TypingService, ReadMarkersService],
      useFactory: (sending: SendService, changes: ChangeService, typing: TypingService, markers: ReadMarkersService) =>
        clientEventTable({ sending, changes, typing, markers }),
    },
    ConnectionGate,
    Connections,
    RoomHub,
    SessionFactory,
    RoomRelay,
    JoinService,
    SendService,
    ChangeService,
    PresenceService,
    ConnectionLifecycle,
    AccountWatch,
    Departures,
    MemberContext,
    MembershipWatch,
    TypingService,
    UserStreamsService,
    ConnectionAuthenticator,
    {
      provide: RoomLog,
      inject: [MessagesService, RoomsService],
      useFactory: (messages: MessagesService, rooms: RoomsService) => new StoredRoomLog(messages, rooms),
    },
    {
      provide: Cluster,
      inject: [REDIS],
      useFactory: (redis: RedisClients | null): Cluster => (redis ? new RedisCluster(redis) : new LocalCluster()),
    },
    {
      provide: PresenceRegistry,
      inject: [REDIS, RoomHub],
      useFactory: (redis: RedisClients | null, hub: RoomHub): PresenceRegistry =>
        redis ? new RedisPresenceRegistry(redis) : new LocalPresenceRegistry(hub),
    },
  ],
})
export class RealtimeModule {}
