import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AuthModule } from '../auth/auth.module.js';
import type { Environment } from '../config/environment.js';
import { MessagesModule } from '../messages/messages.module.js';
import { MessagesService } from '../messages/messages.service.js';
import { ReadingModule } from '../reading/reading.module.js';
import { ReadMarkersService } from '../reading/read-markers.service.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { ChatGateway } from './chat.gateway.js';
import { ClientEventRouter } from './client-events/client-event-router.js';
import { CLIENT_EVENT_TABLE, clientEventTable } from './client-events/client-event-table.js';
import { MuteBook } from '../moderation/mute-book.js';
import { RestrictionsModule } from '../moderation/restrictions.module.js';
import { AccessResync } from './orchestration/access-resync.js';
import { MuteNotices } from './orchestration/mute-notices.js';
import { AccessVerifier } from './orchestration/admission/access-verifier.js';
import { ConnectionAuthenticator } from './orchestration/admission/connection-authenticator.js';
import { ConnectionGate } from './orchestration/admission/connection-gate.js';
import { ChangeService } from './orchestration/change.service.js';
import { ConnectionLifecycle } from './orchestration/connection-lifecycle.js';
import { Departures } from './orchestration/departures.js';
import { Evictions } from './orchestration/evictions.js';
import { JoinService } from './orchestration/join.service.js';
import { MemberContext } from './orchestration/member-context.js';
import { PresenceService } from './orchestration/presence.service.js';
import { RoomAnnouncements } from './orchestration/room-announcements.js';
import { RoomLog, StoredRoomLog } from './orchestration/room-log.js';
import { RoomRelay } from './orchestration/room-relay.js';
import { SendService } from './orchestration/send.service.js';
import { TypingService } from './orchestration/typing.service.js';
import { UnreadCounts } from './orchestration/unread-counts.js';
import { InPageNotifications } from './orchestration/in-page-notifications.js';
import { UserStreamsService } from './orchestration/user-streams.service.js';
import { AccessLedger } from './state/access-ledger.js';
import { Connections } from './state/connections.js';
import { MyRoomUpdates } from './state/my-room-updates.js';
import { RoomHub } from './state/room-hub.js';
import { SessionFactory } from './state/session-factory.js';
import { StreamedUsers } from './state/streamed-users.js';
import { Cluster } from './transport/cluster/cluster.js';
import { LocalCluster } from './transport/cluster/local-cluster.js';
import { RedisCluster } from './transport/cluster/redis-cluster.js';
import { ConnectionSlots, LocalConnectionSlots, RedisConnectionSlots } from './transport/connection-slots.js';
import { FrameSink, UpgradeGate } from './transport/ports.js';
import { LocalPresenceRegistry } from './transport/presence/local-presence-registry.js';
import { PresenceRegistry } from './transport/presence/presence-registry.js';
import { RedisPresenceRegistry } from './transport/presence/redis-presence-registry.js';

/**
 * The live side of Parley, in layers: transport (the socket adapter and the ports it asks through, the links between
 * instances, connection slots), policy (rate, size and delivery rules), state (sessions, this instance's rooms and
 * streamed users, sequencing, the access ledger), orchestration (admission, joining, sending, presence, the relay of
 * room events and the listeners that feed it, evictions, the connection lifecycle) and client events (the table of
 * what a client may send).
 */
@Module({
  imports: [RoomsModule, MessagesModule, AuthModule, ReadingModule, RestrictionsModule],
  providers: [
    ChatGateway,
    ClientEventRouter,
    MuteNotices,
    { provide: FrameSink, useExisting: ClientEventRouter },
    {
      provide: CLIENT_EVENT_TABLE,
      inject: [SendService, ChangeService, TypingService, ReadMarkersService, MuteBook],
      useFactory: (
        sending: SendService,
        changes: ChangeService,
        typing: TypingService,
        markers: ReadMarkersService,
        mutes: MuteBook,
      ) => clientEventTable({ sending, changes, typing, markers, mutes }),
    },
    ConnectionGate,
    { provide: UpgradeGate, useExisting: ConnectionGate },
    ConnectionAuthenticator,
    AccessVerifier,
    AccessResync,
    AccessLedger,
    Evictions,
    Connections,
    RoomHub,
    SessionFactory,
    RoomRelay,
    RoomAnnouncements,
    JoinService,
    SendService,
    ChangeService,
    PresenceService,
    ConnectionLifecycle,
    Departures,
    MemberContext,
    TypingService,
    StreamedUsers,
    MyRoomUpdates,
    UnreadCounts,
    InPageNotifications,
    UserStreamsService,
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
    {
      provide: ConnectionSlots,
      inject: [REDIS, ConfigService],
      useFactory: (redis: RedisClients | null, config: ConfigService<Environment, true>): ConnectionSlots => {
        const max = config.get('WS_MAX_CONN_PER_IP', { infer: true });
        return redis ? new RedisConnectionSlots(max, redis) : new LocalConnectionSlots(max);
      },
    },
  ],
})
export class RealtimeModule {}
