import type { ActorRole } from './member-policy.js';

/**
 * Who may change a message: one function per rule, the server's word on it (decided in the change's own transaction)
 * and what the client asks before it offers a button.
 */

/** What a rule needs of the message. */
export interface PolicyMessage {
  /** Its sender's user id; null for a guest's message. */
  userId: string | null;
  deleted: boolean;
}

/**
 * Only its sender, signed in (`actorUserId` null is a guest, whose identity is only a name that anyone may take
 * later), and not once deleted.
 */
export function canEditMessage(message: PolicyMessage, actorUserId: string | null): boolean {
  return !message.deleted && actorUserId !== null && message.userId === actorUserId;
}

/** Its sender (signed in), or an owner or admin of the room; never a guest, and not once deleted. */
export function canDeleteMessage(message: PolicyMessage, actorUserId: string | null, role: ActorRole): boolean {
  if (message.deleted || actorUserId === null) return false;
  return message.userId === actorUserId || role === 'owner' || role === 'admin';
}

/** Anyone in the room, guests too, while the message is there. */
export function canReactTo(message: PolicyMessage): boolean {
  return !message.deleted;
}
