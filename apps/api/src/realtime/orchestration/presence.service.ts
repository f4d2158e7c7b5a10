import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { SystemData } from '@parley/contracts';
import { isLargeRoom, LARGE_ROOM_PRESENCE_MS } from '../policy/large-room.js';
import type { ClientSession } from '../state/client-session.js';
import { OnlineRegistry } from '../../online/online-registry.js';
import { RoomHub } from '../state/room-hub.js';
import { PresenceRegistry } from '../transport/presence/presence-registry.js';
import { RoomRelay } from './room-relay.js';

/**
 * Who is in each room, and which users are online anywhere: registers people as their connections come and go, announces a person's first arrival and
 * last departure (across tabs and instances) as join and leave notices, and keeps every connection's presence list
 * current with snapshots, coalesced to one per room per event-loop turn (one per second in a large room).
 */
@Injectable()
export class PresenceService implements OnModuleInit {
  private readonly snapshotDue = new Set<string>();

  constructor(
    private readonly hub: RoomHub,
    private readonly registry: PresenceRegistry,
    private readonly relay: RoomRelay,
    private readonly online: OnlineRegistry,
  ) {}

  onModuleInit(): void {
    // Any join or leave, from this instance or another, changes the room's presence.
    this.relay.on('system', (event) => this.scheduleSnapshot(event.room));
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

  /** Unregisters the session; announces a leave when it was the person's last connection anywhere. */
  async depart(session: ClientSession): Promise<void> {
    const removed = this.hub.remove(session);
    if (removed === 'not-here') return;
    if (session.identity.userId !== null) this.online.disconnected(session.identity.userId);
    if (removed === 'still-here') return;
    const { slug } = session.room;
    if (await this.registry.depart(slug, session.identity)) this.announce(slug, 'leave', session.identity.username);
  }

  names(room: string): Promise<string[]> {
    return this.registry.names(room);
  }

  private announce(room: string, kind: SystemData['kind'], username: string): void {
    this.relay.emit({ room, type: 'system', data: notice(kind, username) });
  }

  private scheduleSnapshot(room: string): void {
    if (this.snapshotDue.has(room) || this.hub.connectionCount(room) === 0) return;
    this.snapshotDue.add(room);
    const send = async () => {
      this.snapshotDue.delete(room);
      this.relay.emit({ room, type: 'presence', data: { users: await this.names(room) } });
    };
    if (isLargeRoom(this.hub.connectionCount(room))) setTimeout(() => void send(), LARGE_ROOM_PRESENCE_MS).unref();
    else setImmediate(() => void send());
  }
}

function notice(kind: SystemData['kind'], username: string): SystemData {
  return { kind, username, at: new Date().toISOString() };
}
