import { mentionedUsernames, type ChatMessage } from '@parley/contracts';

/** Who this client writes as: a signed-in user (with an id), or a guest (a name only, userId null). */
export interface Author {
  username: string;
  userId: string | null;
}

/** A guest's message: anyone may take a free guest name, so a guest "Аli" must not pass for the user "ali". */
export function isGuestMessage(message: Pick<ChatMessage, 'userId'>): boolean {
  return message.userId === null;
}

/** A signed-in user's messages are theirs by id; a guest's by name, and only those sent as a guest. */
export function isOwnMessage(message: Pick<ChatMessage, 'username' | 'userId'>, self: Author): boolean {
  if (self.userId !== null) return message.userId === self.userId;
  return isGuestMessage(message) && message.username === self.username;
}

/**
 * Someone else's message that mentions the signed-in viewer (`@username`, the rule unread mentions use): the timeline
 * marks it. A guest is never mentioned (a name that is not registered is nobody's).
 */
export function mentionsViewer(message: Pick<ChatMessage, 'username' | 'userId' | 'content'>, self: Author): boolean {
  if (self.userId === null || isOwnMessage(message, self)) return false;
  return mentionedUsernames(message.content).includes(self.username.toLowerCase());
}
