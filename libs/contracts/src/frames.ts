import type { ErrorCode } from './errors.js';
import type { ChatMessage } from './message.js';
import type { RoomSummary } from './room.js';

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

/** Client → server events and their payloads. */
export interface ClientEvents {
  message: SendMessageData;
  ping: PingData;
}

export interface HistoryData {
  room: Pick<RoomSummary, 'slug' | 'name'>;
  /** Oldest first. */
  messages: ChatMessage[];
  /** Without `since`: older messages exist. With `since`: newer ones than these remain; page with REST `after=`. */
  hasMore: boolean;
}

export interface PresenceData {
  /** Each name in the room once. */
  users: string[];
}

export interface SystemData {
  kind: 'join' | 'leave';
  username: string;
  /** ISO-8601 UTC. */
  at: string;
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
}

export type ClientFrame = { [E in keyof ClientEvents]: Frame<E, ClientEvents[E]> }[keyof ClientEvents];
export type ServerFrame = { [E in keyof ServerEvents]: Frame<E, ServerEvents[E]> }[keyof ServerEvents];

export const WS_PATH_PREFIX = '/ws/';
