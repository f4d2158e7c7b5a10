import type { Attachment } from './attachment.js';

/** The message a reply quotes: who and where, never a copy of its text (the client shows its current state). */
export interface ReplyRef {
  id: string;
  seq: number;
  username: string;
}

/** One emoji on a message: how many people reacted with it, and the first 20 of their names. */
export interface Reaction {
  emoji: string;
  count: number;
  users: string[];
}

/** A stored chat message, as every client receives it: always its current state. */
export interface ChatMessage {
  id: string;
  /** The seq of its creation in the room's log (1, 2, 3… over every timeline event, so messages may skip numbers). */
  seq: number;
  /** Room slug. */
  room: string;
  username: string;
  /** The sender's user id; null for a guest (a name only). Set by the server from the connection, never by a frame. */
  userId: string | null;
  /** Empty for a deleted message. */
  content: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** The seq of the latest event that changed it (its own seq while it never changed). */
  version: number;
  /** ISO-8601 UTC of its latest edit; null when never edited. */
  editedAt: string | null;
  /** A deleted message keeps its place as a tombstone: content "", no reactions, no replyTo. */
  deleted: boolean;
  replyTo: ReplyRef | null;
  /** In the order each emoji was first added. */
  reactions: Reaction[];
  /** Its files, in the order sent; an edit never changes them; empty for none and for a deleted message. */
  attachments: Attachment[];
  /** The sender's own id for this message, when it gave one. */
  clientId?: string;
}

/** An earlier version of an edited message, with the time it was written (null for the original). */
export interface MessageEdit {
  content: string;
  editedAt: string | null;
}

/** One entry of a room's log, `GET /api/rooms/:slug/events`: a new message, or a change to one; either way its current state. */
export interface LogEvent {
  seq: number;
  type: 'message' | 'update';
  message: ChatMessage;
}

export interface EventPage {
  events: LogEvent[];
  /** More events follow the last one. */
  hasMore: boolean;
}

export interface EventPageQuery {
  after: number;
  limit?: number;
}
