import type { ChatMessage } from '@parley/contracts';
import type { RoomRef } from '../rooms/rooms.service.js';

/** A validated message waiting to be stored; the sender's name comes from the connection, never the frame. */
export interface MessageDraft {
  room: RoomRef;
  username: string;
  content: string;
  clientId?: string;
}

/** Identifies a message across resends: the same clientId from the same sender in the same room. */
export function resendKey(roomId: number, clientId: string, username: string): string {
  return `${roomId}\u0000${clientId}\u0000${username}`;
}

/** The outcome of storing a draft: `duplicate` when its clientId was stored before, so it must not be broadcast again. */
export interface StoredMessage {
  message: ChatMessage;
  duplicate: boolean;
}
