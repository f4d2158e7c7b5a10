import { Injectable } from '@nestjs/common';
import { OnDomainEvent, type DomainEventMap } from '../../events/domain-events.js';
import type { TypingChangeData } from '@parley/contracts';
import { isLargeRoom } from '../policy/large-room.js';
import { TokenBucket } from '../policy/token-bucket.js';
import type { ClientSession } from '../state/client-session.js';
import { RoomHub } from '../state/room-hub.js';
import { RoomRelay } from './room-relay.js';

/** Someone is typing until this long after their last `typing: true`. */
export const TYPING_TIMEOUT_MS = 6_000;
/** Typing frames a connection may send (a few a second); the rest are dropped without a word. */
const TYPING_BURST = 5;
const TYPING_PER_SECOND = 3;

interface Typist {
  username: string;
  expiry: NodeJS.Timeout;
}

/**
 * Who is typing in each room. A connection's change goes to every instance as a `typing_change` event; each instance
 * keeps the room's set (with its own 6-second expiries) and tells its connections `typing {users}` whenever the set
 * changes, once per room per event-loop turn. Never stored, no seq; nothing at all in large rooms.
 */
@Injectable()
export class TypingService {
  private readonly typists = new Map<string, Map<string, Typist>>();
  private readonly throttles = new WeakMap<ClientSession, TokenBucket>();
  private readonly snapshotDue = new Set<string>();

  constructor(
    private readonly hub: RoomHub,
    private readonly relay: RoomRelay,
  ) {}

  /** A change from a connection here or on another instance. */
  @OnDomainEvent('room.typing_change')
  changed({ room, data }: DomainEventMap['room.typing_change']): void {
    this.apply(room, data);
  }

  /** A `typing` frame from the connection. */
  set(session: ClientSession, typing: boolean): void {
    if (isLargeRoom(this.hub.connectionCount(session.room.slug))) return;
    let throttle = this.throttles.get(session);
    if (!throttle) this.throttles.set(session, (throttle = new TokenBucket(TYPING_BURST, TYPING_PER_SECOND)));
    if (!throttle.take()) return;
    this.announce(session, typing);
  }

  /** The person sent a message or closed the connection: they are not typing any more. */
  stop(session: ClientSession): void {
    if (this.typists.get(session.room.slug)?.has(session.identity.key)) this.announce(session, false);
  }

  private announce(session: ClientSession, typing: boolean): void {
    const { identity, room } = session;
    this.relay.emit({
      room: room.slug,
      type: 'typing_change',
      data: { key: identity.key, username: identity.username, typing },
    });
  }

  private apply(room: string, change: TypingChangeData): void {
    let typists = this.typists.get(room);
    const current = typists?.get(change.key);
    if (current) clearTimeout(current.expiry);
    if (!change.typing) {
      if (current && typists!.delete(change.key)) this.typistsChanged(room, typists!);
      return;
    }
    if (!typists) this.typists.set(room, (typists = new Map()));
    const expiry = setTimeout(() => this.apply(room, { ...change, typing: false }), TYPING_TIMEOUT_MS).unref();
    typists.set(change.key, { username: change.username, expiry });
    if (!current) this.typistsChanged(room, typists);
  }

  private typistsChanged(room: string, typists: Map<string, Typist>): void {
    if (typists.size === 0) this.typists.delete(room);
    if (this.snapshotDue.has(room)) return;
    this.snapshotDue.add(room);
    setImmediate(() => {
      this.snapshotDue.delete(room);
      const users = [...(this.typists.get(room)?.values() ?? [])].map((typist) => typist.username);
      this.relay.emit({ room, type: 'typing', data: { users } });
    });
  }
}
