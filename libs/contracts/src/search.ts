import type { ChatMessage } from './message.js';
import type { RoomSummary } from './room.js';

/** `GET /api/search?q=&limit=&cursor=`. */
export interface SearchRequest {
  q: string;
  /** 1–50; 20 by default. */
  limit?: number;
  /** A previous answer's `nextCursor`. */
  cursor?: string;
}

/** The room a result is in. */
export type SearchRoom = Pick<RoomSummary, 'slug' | 'name' | 'visibility' | 'kind'>;

export interface SearchResult {
  /** In its current state, exactly as the room's history gives it. */
  message: ChatMessage;
  room: SearchRoom;
}

export interface SearchPage {
  /** Newest first. */
  results: SearchResult[];
  /** Pass it as `cursor` to continue after the last result; null when there is no more. */
  nextCursor: string | null;
  /** Query words that were not searched: too short, or words the engine cannot search. */
  ignored: string[];
}

/** `GET /api/rooms/:slug/messages?around=<seq>&limit=`: a window of a room's messages around one. */
export interface MessagesAround {
  /** Oldest first, in their current state. */
  messages: ChatMessage[];
  hasMoreBefore: boolean;
  hasMoreAfter: boolean;
}
