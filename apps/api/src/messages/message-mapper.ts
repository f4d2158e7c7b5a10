import {
  attachmentUrl,
  LIMITS,
  thumbnailUrl,
  type Attachment,
  type ChatMessage,
  type Reaction,
} from '@parley/contracts';
import type { MessageEntity, StoredAttachment, StoredReaction } from './message.entity.js';

/** A row in its current state, as every client receives it. */
export function toChatMessage(row: MessageEntity, roomSlug: string): ChatMessage {
  const message: ChatMessage = {
    id: row.id,
    seq: row.seq,
    room: roomSlug,
    username: row.username,
    userId: row.userId,
    content: row.content,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
    editedAt: row.editedAt ? row.editedAt.toISOString() : null,
    deleted: Boolean(row.deleted),
    replyTo:
      row.replyToId === null ? null : { id: row.replyToId, seq: row.replyToSeq!, username: row.replyToUsername! },
    reactions: (row.reactions ?? []).map(toReaction),
    attachments: (row.attachments ?? []).map(toAttachment),
  };
  if (row.clientId) message.clientId = row.clientId;
  return message;
}

function toReaction(stored: StoredReaction): Reaction {
  return {
    emoji: stored.emoji,
    count: stored.people.length,
    users: stored.people.slice(0, LIMITS.reactionUsersListed).map(([, username]) => username),
  };
}

export function toAttachment(stored: StoredAttachment): Attachment {
  const { thumbnail, ...described } = stored;
  return {
    ...described,
    url: attachmentUrl(stored.id),
    ...(thumbnail ? { thumbnailUrl: thumbnailUrl(stored.id) } : {}),
  };
}
