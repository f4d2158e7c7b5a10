import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { inBackground } from '../../common/background.js';
import { OnDomainEvent, type DomainEventMap } from '../../events/domain-events.js';
import type { SystemData } from '@parley/contracts';
import { isLargeRoom, largeRoomPresenceInterval } from '../policy/large-room.js';
import { encodeFrame, type EncodedFrame } from '../state/encoded-frame.js';
import type { ClientSession } from '../state/client-session.js';
import { OnlineRegistry } from '../../online/online-registry.js';
import { RoomHub } from '../state/room-hub.js';
import { PresenceRegistry } from '../transport/presence/presence-registry.js';
import { RoomRelay } from './room-relay.js';

/**
 * Who is in each room, and which users are online anywhere: registers people as their connections come and go,
 * announces a person's first arrival and last departure (across tabs and instances) as join and leave notices, and
 * keeps every connection's presence list current with snapshots, coalesced to one per room per event-loop turn (in a
 * large room, one per second per thousand connections).
 */
@Injectable()
export class PresenceService implements OnModuleInit {
  private readonly logger = new Logger(PresenceService.name);
  private readonly snapshotDue = new Set<string>();
  private readonly joinerSnapshots = new Map<string, Promise<EncodedFrame>>();

  constructor(
    private readonly hub: RoomHub,
    private readonly registry: PresenceRegistry,
    private readonly relay: RoomRelay,
    private readonly online: OnlineRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.onExpired((room, gone) => {
      for (const person of gone) this.announce(room, 'leave', person.username);
    });
  }

  /**
   * Registers the session with this instance's room and, on the person's first connection here, with the registry.
   * Returns the join notice to announce when the person was in the room nowhere before; null otherwise.
   */
  async arrive(session: ClientSession): Promise<SystemData | null> {
    if (session.identity.userId !== null) this.online.connected(session.identity.userId);
    if (!this.hub.add(session)) return null;
    const { slug } = session.room;
    return (await this.registry.arrive(slug, session.identity)) ? notice('join', session.identity.username) : null;
  }

  /** Tells the room, on every instance, that the person arrived. */
  announceJoin(room: string, join: SystemData): void {
    this.relay.emit({ room, type: 'system', data: join });
  }

  /**
   * Unregisters the session; announces a leave when it was the person's last connection anywhere (unless its arrival
   * was never announced).
   */
  async depart(session: ClientSession, announce = true): Promise<void> {
    const removed = this.hub.remove(session);
    if (removed === 'not-here') return;
    if (session.identity.userId !== null) this.online.disconnected(session.identity.userId);
    if (removed === 'still-here') return;
    const { slug } = session.room;
    if ((await this.registry.depart(slug, session.identity)) && announce) {
      this.announce(slug, 'leave', session.identity.username);
    }
  }

  /** Any join or leave, from this instance or another, changes the room's presence. */
  @OnDomainEvent('room.system')
  noticed(event: DomainEventMap['room.system']): void {
    this.scheduleSnapshot(event.room);
  }

  private names(room: string): Promise<string[]> {
    return this.registry.names(room);
  }

  /**
   * The `presence` frame a joiner is sent, naming everyone in the room, the joiner included. The joiners of one
   * event-loop turn share one read and one encoding, which start after all of them registered (each asks after its
   * arrival): a restart's storm of n joiners costs n/turn reads and encodings of the list, not n.
   */
  joinerSnapshot(room: string): Promise<EncodedFrame> {
    let read = this.joinerSnapshots.get(room);
    if (!read) {
      read = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        this.joinerSnapshots.delete(room);
        return encodeFrame({ event: 'presence', data: { users: await this.names(room) } });
      });
      this.joinerSnapshots.set(room, read);
    }
    return read;
  }

  private announce(room: string, kind: SystemData['kind'], username: string): void {
    this.relay.emit({ room, type: 'system', data: notice(kind, username) });
  }

  private scheduleSnapshot(room: string): void {
    if (this.snapshotDue.has(room) || this.hub.connectionCount(room) === 0) return;
    this.snapshotDue.add(room);
    const send = () => {
      this.snapshotDue.delete(room);
      inBackground(
        this.names(room).then((users) => this.relay.emit({ room, type: 'presence', data: { users } })),
        this.logger,
        `The presence snapshot of ${room}`,
      );
    };
    const connections = this.hub.connectionCount(room);
    if (isLargeRoom(connections)) setTimeout(send, largeRoomPresenceInterval(connections)).unref();
    else setImmediate(send);
  }
}

function notice(kind: SystemData['kind'], username: string): SystemData {
  return { kind, username, at: new Date().toISOString() };
}
