import type { ServerEvents } from './frames.js';

/**
 * The server events addressed to everyone in a room rather than to one connection. Each new kind of room event
 * (an edit, a receipt, typing) is added here and to ServerEvents; the relay and the instances between them carry
 * any of them without knowing which.
 */
export type RoomEventType = 'message' | 'system' | 'presence';

/** One room event: delivered to the room's connections as the frame `{"event": type, "data": data}`. */
export type RoomEvent = { [T in RoomEventType]: { room: string; type: T; data: ServerEvents[T] } }[RoomEventType];
