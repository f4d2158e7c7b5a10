import type { RoomEvent, RoomEventType } from '@parley/contracts';

type EventOf<T extends RoomEventType> = Extract<RoomEvent, { type: T }>;

/** How one kind of room event travels. A new kind of event is one entry here, next to its type in the contracts. */
export interface DeliveryRule<E extends RoomEvent> {
  /** `cluster`: to the room's connections on every instance; `instance`: this instance's (each makes its own). */
  scope: 'cluster' | 'instance';
  /**
   * Timeline events have a position in the room's log: they are delivered in that order with no gap (a gap is read
   * from the log) and held for connections still catching up on their history.
   */
  seq?: (event: E) => number;
  /** Not sent to the connections of a large room, where it would cost a frame per member per change. */
  quietInLargeRooms: boolean;
  /** False for what instances tell each other to build frames from: listeners hear it, no socket gets it. */
  toSockets?: false;
}

export const ROOM_EVENT_DELIVERY: { [T in RoomEventType]: DeliveryRule<EventOf<T>> } = {
  message: { scope: 'cluster', seq: (event) => event.data.seq, quietInLargeRooms: false },
  message_updated: { scope: 'cluster', seq: (event) => event.data.seq, quietInLargeRooms: false },
  system: { scope: 'cluster', quietInLargeRooms: true },
  presence: { scope: 'instance', quietInLargeRooms: false },
  receipt: { scope: 'cluster', quietInLargeRooms: true },
  typing: { scope: 'instance', quietInLargeRooms: true },
  typing_change: { scope: 'cluster', quietInLargeRooms: true, toSockets: false },
};

export function deliveryOf(event: RoomEvent): DeliveryRule<RoomEvent> {
  return ROOM_EVENT_DELIVERY[event.type] as DeliveryRule<RoomEvent>;
}

/** The event's position in its room's log, for timeline events; undefined for the others. */
export function seqOf(event: RoomEvent): number | undefined {
  return deliveryOf(event).seq?.(event);
}
