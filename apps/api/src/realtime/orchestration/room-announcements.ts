import { Injectable } from '@nestjs/common';
import {
  OnDomainEvent,
  type DomainEventMap,
  type EventSource,
  type MarkerMove,
  type MembershipChange,
} from '../../events/domain-events.js';
import { RoomRelay } from './room-relay.js';

/**
 * What the rest of Parley tells a room, turned into its room events: each commit of the log as `message` and
 * `message_updated` events (in seq order, before any sender is acked), a stored read marker as a `receipt`, an
 * addition or removal as a `system` notice. Notices come from the instance where the change happened only; the relay
 * carries every event to the room's other instances.
 */
@Injectable()
export class RoomAnnouncements {
  constructor(private readonly relay: RoomRelay) {}

  @OnDomainEvent('message.stored')
  messagesStored({ messages }: DomainEventMap['message.stored']): void {
    this.relay.emit(...messages.map((message) => ({ room: message.room, type: 'message' as const, data: message })));
  }

  @OnDomainEvent('message.changed')
  messageChanged({ seq, message }: DomainEventMap['message.changed']): void {
    this.relay.emit({ room: message.room, type: 'message_updated', data: { seq, message } });
  }

  @OnDomainEvent('marker.moved')
  markerMoved(move: MarkerMove): void {
    this.relay.emit({
      room: move.room.slug,
      type: 'receipt',
      data: { userId: move.userId, username: move.username, seq: move.readSeq },
    });
  }

  @OnDomainEvent('membership.changed')
  membershipChanged(change: MembershipChange, source: EventSource): void {
    if (source !== 'here' || change.kind === 'joined') return;
    this.relay.emit({
      room: change.room.slug,
      type: 'system',
      data: { kind: change.kind, username: change.username, at: new Date().toISOString(), by: change.by ?? undefined },
    });
  }
}
