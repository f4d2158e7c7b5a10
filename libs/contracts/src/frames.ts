import type { ErrorCode } from './errors.js';
import type { ChatMessage } from './message.js';
import type { MyRoom, RoomSummary } from './room.js';

/** Every frame on the socket, either way, is `{event, data}`. */
export interface Frame<E extends string = string, D = unknown> {
  event: E;
  data: D;
}

export interface SendMessageData {
  content: string;
  /** A client-made unique id; resending with the same one is stored once and acked again. */
  clientId?: string;
}

/** An application-level ping: the server answers `pong`, so a client can tell a dead connection from a quiet room. */
export type PingData = Record<string, never>;

/** A member's read marker moves forward to `seq` (never back, never past the room's last seq). */
export interface ReadData {
  seq: number;
}

export interface TypingData {
  typing: boolean;
}

/** Client → server events and their payloads. */
export interface ClientEvents {
  message: SendMessageData;
  ping: PingData;
  read: ReadData;
  typing: TypingData;
}

export interface HistoryData {
  room: Pick<RoomSummary, 'slug' | 'name'>;
  /** Oldest first. */
  messages: ChatMessage[];
  /** Without `since`: older messages exist. With `since`: newer ones than these remain; page with REST `after=`. */
  hasMore: boolean;
  /** Members only: the viewer's read marker. */
  readSeq?: number;
  /** Members only: every member whose read marker is above 0, the viewer included. */
  receipts?: ReceiptData[];
}

/** Where a member has read up to; sent to the room whenever it moves (at most once a second per member). */
export interface ReceiptData {
  userId: string;
  username: string;
  seq: number;
}

/** Everyone typing in the room right now, each name once. */
export interface TypingUsersData {
  users: string[];
}

export interface PresenceData {
  /** Each name in the room once. */
  users: string[];
}

export interface SystemData {
  /** `join`/`leave`: someone's first connection arrived or last one left; `added`/`removed`: membership changed. */
  kind: 'join' | 'leave' | 'added' | 'removed';
  username: string;
  /** ISO-8601 UTC. */
  at: string;
  /** With `added` and `removed`: the username who did it (the member themself when they left). */
  by?: string;
}

export interface AckData {
  clientId: string;
  id: string;
  seq: number;
}

export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** The `clientId` of the message this error refuses, when there was one. */
  clientId?: string;
  /** With `RATE_LIMITED`: milliseconds until the connection may send again. */
  retryAfterMs?: number;
}

export type PongData = Record<string, never>;

/** Server → client events and their payloads. */
export interface ServerEvents {
  history: HistoryData;
  presence: PresenceData;
  system: SystemData;
  message: ChatMessage;
  ack: AckData;
  error: ErrorData;
  pong: PongData;
  receipt: ReceiptData;
  typing: TypingUsersData;
}

/**
 * The signed-in user's own stream, `/ws/~me?ticket=`: how their rooms change, live, without a socket per room. A
 * `my_room` frame is the whole current state of one room of theirs (sent when it changes: a new message, their
 * marker moved, they were added); `my_room_removed` says they no longer belong to one.
 */
export interface UserStreamEvents {
  my_room: MyRoom;
  my_room_removed: { slug: string; by: string | null };
  pong: PongData;
  error: ErrorData;
}

export type UserStreamFrame = { [E in keyof UserStreamEvents]: Frame<E, UserStreamEvents[E]> }[keyof UserStreamEvents];

export type ClientFrame = { [E in keyof ClientEvents]: Frame<E, ClientEvents[E]> }[keyof ClientEvents];
export type ServerFrame = { [E in keyof ServerEvents]: Frame<E, ServerEvents[E]> }[keyof ServerEvents];

export const WS_PATH_PREFIX = '/ws/';

/** The user stream's path: not a room, since `~` is never in a room name. */
export const USER_STREAM_PATH = '/ws/~me';
