import type { ChatMessage } from '@parley/contracts';
import type { Identity } from '../identity/identity.js';
import type { RoomRef } from '../rooms/room-ref.js';

/** A validated message waiting to be stored; the sender comes from the connection, never the frame. */
export interface MessageDraft {
  room: RoomRef;
  sender: Identity;
  content: string;
  clientId?: string;
}

/** Identifies a message across resends: the same clientId from the same person in the same room. */
export function resendKey(roomId: number, clientId: string, sender: Identity): string {
  return `${roomId}\u0000${clientId}\u0000${sender.key}`;
}

/** The outcome of storing a draft: `duplicate` when its clientId was stored before, so it must not be broadcast again. */
export interface StoredMessage {
  message: ChatMessage;
  duplicate: boolean;
}
