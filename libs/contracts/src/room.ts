import type { ChatMessage } from './message.js';

export interface RoomSummary {
  slug: string;
  name: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** ISO-8601 UTC; null until the first message. */
  lastMessageAt: string | null;
}

export interface CreateRoomRequest {
  slug: string;
  name?: string;
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
  limit?: number;
}

/** Nest's standard error body. */
export interface ApiErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
}
