import type { ChatMessage } from '@parley/contracts';
import { Identity } from '../identity/identity.js';
import type { MessageEntity } from './message.entity.js';

export function toChatMessage(row: MessageEntity, roomSlug: string): ChatMessage {
  const message: ChatMessage = {
    id: row.id,
    seq: row.seq,
    room: roomSlug,
    username: row.username,
    userId: row.userId,
    content: row.content,
    createdAt: row.createdAt.toISOString(),
  };
  if (row.clientId) message.clientId = row.clientId;
  return message;
}

/** Who sent a stored row, as the resend key compares people. */
export function senderOf(row: MessageEntity): Identity {
  return row.userId === null ? Identity.guest(row.username) : Identity.user(row.userId, row.username, null);
}
