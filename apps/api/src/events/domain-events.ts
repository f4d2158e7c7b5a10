import { Injectable } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { ChatMessage, NotificationLevel, RoomEvent, RoomEventType } from '@parley/contracts';
import type { RoomRef } from '../rooms/room-ref.js';
import { EventLink } from './event-link.js';

/** A change to who belongs to a room. */
export interface MembershipChange {
  room: RoomRef;
  userId: string;
  username: string;
  /**
   * `joined`: they opened a public room, created a room, or a DM of theirs began; `added`/`removed`: someone (`by`)
   * did it, or they left (`by` is them).
   */
  kind: 'joined' | 'added' | 'removed';
  by: string | null;
}

/** A ban, a mute or a room's guest setting that changed (moderation/): every instance enforces it at once. */
export type ModerationChange =
  | { kind: 'ban' | 'unban' | 'unmute'; room: RoomRef; userId: string; username: string }
  | { kind: 'mute'; room: RoomRef; userId: string; username: string; until: string }
  | { kind: 'guests'; room: RoomRef; guests: boolean };

/** A read marker that moved. */
export interface MarkerMove {
  room: RoomRef;
  userId: string;
  username: string;
  readSeq: number;
}

/** A room event as it was delivered on this instance, whichever instance produced it. */
type RoomDeliveries = { [T in RoomEventType as `room.${T}`]: Extract<RoomEvent, { type: T }> };

/**
 * Everything one part of Parley tells the others, by name: producers emit, and each concern that reacts is one
 * listener (`@OnDomainEvent`). New kinds of events are one entry here.
 */
export interface DomainEventMap extends RoomDeliveries {
  /** New messages committed together, in seq order per room; announced before any sender is acked. */
  'message.stored': { messages: readonly ChatMessage[] };
  /** An edit, a delete or a reaction committed at `seq` of the room's log; `message` is its whole new state. */
  'message.changed': { seq: number; message: ChatMessage };
  'membership.changed': MembershipChange;
  'moderation.changed': ModerationChange;
  'marker.moved': MarkerMove;
  /** Signed out, password changed, a replayed refresh token: these sessions work nowhere any more. */
  'sessions.revoked': { sessionIds: readonly string[] };
  /** A name was registered: no guest may use it any more. */
  'account.changed': { kind: 'registered'; username: string };
  /** A member chose a notification level for a room: their tabs on every instance show it. */
  'notify.changed': { userId: string; slug: string; level: NotificationLevel };
  /** A browser subscribed to push: every instance learns that its user may be pushed to. */
  'push.subscribed': { userId: string };
}

export type DomainEventName = keyof DomainEventMap;

/** Where an event was emitted: here, or on another instance (shared events only). */
export type EventSource = 'here' | 'elsewhere';

/**
 * Events every instance must hear wherever they happened: they travel over the EventLink too. The rest stay in the
 * process (messages reach other instances as room events, through the RoomRelay, in seq order).
 */
const SHARED_EVENTS: ReadonlySet<DomainEventName> = new Set<DomainEventName>([
  'membership.changed',
  'moderation.changed',
  'sessions.revoked',
  'account.changed',
  'notify.changed',
  'push.subscribed',
]);

export function isSharedEvent(name: string): name is DomainEventName {
  return SHARED_EVENTS.has(name as DomainEventName);
}

/**
 * The one way producers tell the rest of the app what happened. Listeners run in the order they registered, in the
 * emitting call for their synchronous part; whatever a listener throws (or rejects) is logged, never handed back to
 * the producer, whose work is already committed. Shared events also go to the other instances.
 */
@Injectable()
export class DomainEvents {
  constructor(
    private readonly emitter: EventEmitter2,
    private readonly link: EventLink,
  ) {
    link.onReceive((name, payload) => this.emitter.emit(name, payload, 'elsewhere' satisfies EventSource));
  }

  emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    this.emitter.emit(name, payload, 'here' satisfies EventSource);
    if (isSharedEvent(name)) this.link.publish(name, payload);
  }

  /** A room event the relay delivered on this instance (from here or elsewhere), as `room.<type>`. */
  delivered(event: RoomEvent): void {
    this.emitter.emit(`room.${event.type}`, event, 'here' satisfies EventSource);
  }
}

/** Marks a listener of one domain event; its parameter must take that event's payload. */
export function OnDomainEvent<K extends DomainEventName>(name: K) {
  const decorate = OnEvent(name, { suppressErrors: true });
  return <T extends (payload: DomainEventMap[K], source: EventSource) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    decorate(target, key, descriptor);
  };
}
