import type { ChatMessage } from '@parley/contracts';
import type { RoomRef } from '../rooms/rooms.service.js';

/** A validated message waiting to be stored; the sender's name comes from the connection, never the frame. */
export interface MessageDraft {
  room: RoomRef;
  username: string;
  content: string;
  clientId?: string;
}

/** The outcome of storing a draft: `duplicate` when its clientId was stored before, so it must not be broadcast again. */
export interface StoredMessage {
  message: ChatMessage;
  duplicate: boolean;
}
