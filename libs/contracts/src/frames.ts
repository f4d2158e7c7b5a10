import type { ErrorCode } from './errors.js';
import type { ChatMessage } from './message.js';
import type { NotificationData } from './notifications.js';
import type { MyRoom, RoomSummary } from './room.js';

/** Every frame on the socket, either way, is `{event, data}`. */
export interface Frame<E extends string = string, D = unknown> {
  event: E;
  data: D;
}

export interface SendMessageData {
  /** 1–2,000 code points; may be empty when the message carries attachments. */
  content: string;
  /** A client-made unique id; resending with the same one is stored once and acked again. */
  clientId?: string;
  /** The id of the message of the same room this one answers. */
  replyTo?: string;
  /** 1–10 ids of the sender's unused uploads to this room (POST /api/rooms/:slug/uploads). */
  attachments?: string[];
}

/** Only the sender changes a message's text, and only a registered one. */
export interface EditData {
  id: string;
  content: string;
  clientId?: string;
}

/** The sender (registered), or an owner or admin of the room. */
export interface DeleteData {
  id: string;
  clientId?: string;
}

/** Anyone in the room, guests too; once per person per emoji. */
export interface ReactData {
  id: string;
  /** One emoji: a single grapheme that is an emoji (skin tones and ZWJ sequences count as one). */
  emoji: string;
  on: boolean;
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
  edit: EditData;
  delete: DeleteData;
  react: ReactData;
}

export interface HistoryData {
  room: Pick<RoomSummary, 'slug' | 'name'>;
  /**
   * With `since`: messages created after it, current state, oldest first. Without: the latest 50 messages. (`messages`
   * and `updates` hold at most 50 entries together.)
   */
  messages: ChatMessage[];
  /** With `since`: messages created at or before it that changed after it, each once, in their current state. */
  updates: ChatMessage[];
  /** The room's highest event seq this frame accounts for. */
  lastSeq: number;
  /**
   * Without `since`: older messages exist (page them with REST `before=`). With `since`: more events follow
   * `lastSeq`; page them with `GET /api/rooms/:slug/events?after=`.
   */
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

/** A message changed (an edit, a delete, a reaction): its whole new state, whose `version` is `seq`. */
export interface MessageUpdatedData {
  seq: number;
  message: ChatMessage;
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

/**
 * Sent to a muted user's sockets in the room: when they join while muted, when a mute begins and when it is lifted
 * (`until: null`). Until then every `message`, `edit`, `react` and `typing` of theirs gets `error` MUTED.
 */
export interface MutedData {
  /** ISO-8601 UTC; null: not muted (any more). */
  until: string | null;
}

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
  message_updated: MessageUpdatedData;
  muted: MutedData;
}

/**
 * The signed-in user's own stream, `/ws/~me?ticket=`: how their rooms change, live, without a socket per room. A
 * `my_room` frame is the whole current state of one room of theirs (sent when it changes: a new message, their
 * marker moved, they were added); `my_room_removed` says they no longer belong to one.
 */
export interface UserStreamEvents {
  my_room: MyRoom;
  /** A message that notifies this user (their level covers it), in any of their rooms. */
  notification: NotificationData;
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
