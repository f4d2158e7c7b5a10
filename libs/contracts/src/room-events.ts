import type { ServerEvents } from './frames.js';

/** Between instances only, never sent to a socket: one person started or stopped typing in the room. */
export interface TypingChangeData {
  /** The person (a user id or a guest name), as Parley tells people apart. */
  key: string;
  username: string;
  typing: boolean;
}

/**
 * Everything that happens in a room, as the server's instances pass it to each other: mostly server events addressed
 * to everyone in the room, plus the changes each instance needs to build the room's frames itself. Each new kind is
 * added here; the relay and the links between instances carry any of them without knowing which.
 */
export interface RoomEventPayloads extends Pick<
  ServerEvents,
  'message' | 'message_updated' | 'system' | 'presence' | 'receipt' | 'typing'
> {
  typing_change: TypingChangeData;
}

export type RoomEventType = keyof RoomEventPayloads;

/** One room event: delivered to the room's connections (where its rule says so) as `{"event": type, "data": data}`. */
export type RoomEvent = { [T in RoomEventType]: { room: string; type: T; data: RoomEventPayloads[T] } }[RoomEventType];
