import type { NotificationLevel } from './notifications.js';
import type { ChatMessage } from './message.js';

/** A public room is open to everyone (guests too) and listed; a private room or DM exists only for its members. */
export type RoomVisibility = 'public' | 'private';

/** A DM is the private room of exactly two people, the same one whichever of them asks for it. */
export type RoomKind = 'room' | 'dm';

export interface RoomSummary {
  slug: string;
  name: string;
  visibility: RoomVisibility;
  kind: RoomKind;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** ISO-8601 UTC; null until the first message. */
  lastMessageAt: string | null;
  /** Whether guests may open it: true by default for a public room, always false for private rooms and DMs. */
  guests: boolean;
}

/**
 * `POST /api/rooms`. A public room: `slug` required, `name` optional. A private room (signed-in users only): `name`
 * required, no `slug` (the server chooses an unguessable one).
 */
export interface CreateRoomRequest {
  slug?: string;
  name?: string;
  visibility?: RoomVisibility;
}

/** `GET /api/me/rooms`: a room the user is a member of, with where they stand in it. */
export interface MyRoom extends RoomSummary {
  /** The room's highest event seq. */
  lastSeq: number;
  /** The user's read marker: the highest seq they have read. */
  readSeq: number;
  /** Messages from others, not deleted, with seq above the marker. */
  unread: number;
  /** Those of them that mention `@username` as a word, case-insensitively. */
  mentions: number;
  /** The user's notification level here (docs/protocol.md, Notifications). */
  notify: NotificationLevel;
}

/** `POST /api/dms`. */
export interface DmRequest {
  username: string;
}

/** `PUT /api/rooms/:slug/read` and the socket's `read` event. */
export interface ReadRequest {
  seq: number;
}

export interface ReadResult {
  readSeq: number;
}

export interface MessagePage {
  /** Oldest first. */
  messages: ChatMessage[];
  /** With `before` (or neither cursor): older messages remain; with `after`: newer ones remain. */
  hasMore: boolean;
}

export interface MessagePageQuery {
  before?: number;
  after?: number;
  /** Messages around this seq instead (answered as MessagesAround). */
  around?: number;
  limit?: number;
}

/** Nest's standard error body. */
export interface ApiErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
}
