import type { ChatMessage } from './message.js';
import { mentionedUsernames } from './names.js';
import type { RoomKind } from './room.js';

/**
 * How much of a room notifies a member: every message from someone else, only those that mention them (`@username`;
 * in a DM every message counts as a mention), or nothing.
 */
export type NotificationLevel = 'all' | 'mentions' | 'none';

export const NOTIFICATION_LEVELS: readonly NotificationLevel[] = ['all', 'mentions', 'none'];

/** A member who never chose: every message of a DM, mentions elsewhere. */
export function defaultNotificationLevel(kind: RoomKind): NotificationLevel {
  return kind === 'dm' ? 'all' : 'mentions';
}

/** Whether a new message notifies a member at this level (the caller has checked that they may read the room). */
export function notifies(
  level: NotificationLevel,
  room: { kind: RoomKind },
  message: Pick<ChatMessage, 'userId' | 'content'>,
  member: { userId: string; username: string },
): boolean {
  if (message.userId === member.userId || level === 'none') return false;
  if (level === 'all' || room.kind === 'dm') return true;
  return mentionedUsernames(message.content).includes(member.username.toLowerCase());
}

/** `PUT /api/rooms/:slug/notifications`, and its answer. */
export interface NotificationLevelRequest {
  level: NotificationLevel;
}

/** The room a notification is about. */
export interface NotifiedRoom {
  slug: string;
  name: string;
  kind: RoomKind;
}

/** The user stream's `notification` frame: a message that notifies this user, whichever room their tabs show. */
export interface NotificationData {
  room: NotifiedRoom;
  message: ChatMessage;
}

/** What a Web Push carries, encrypted (RFC 8291, aes128gcm). */
export interface PushPayload {
  room: NotifiedRoom;
  messageId: string;
  seq: number;
  /** The sender's name. */
  from: string;
  /** The text without its Markdown, at most 140 code points. */
  body: string;
  /** Other notifying messages of the room this push stands for (coalesced), when there are any. */
  more?: number;
}

/** `GET /api/push/key`. */
export interface PushKey {
  /** The VAPID public key: a P-256 point, uncompressed, base64url. */
  publicKey: string;
}

/** `POST /api/push/subscriptions`: a browser's `PushSubscription.toJSON()`. */
export interface PushSubscriptionRequest {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** `DELETE /api/push/subscriptions`. */
export interface PushUnsubscribeRequest {
  endpoint: string;
}

/** A push's body holds this many code points of the text at most. */
export const PUSH_BODY_MAX_LENGTH = 140;

/**
 * A message's text as a notification shows it: its Markdown markers taken away (emphasis, code, quotes, list markers,
 * a link's address), whitespace folded, at most 140 code points.
 */
export function plainExcerpt(content: string, maxLength = PUSH_BODY_MAX_LENGTH): string {
  const plain = content
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/(\*\*|__|~~|`+)/g, '')
    .replace(/(^|\W)[*_](\S(?:.*?\S)?)[*_](?=\W|$)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
  return [...plain].slice(0, maxLength).join('');
}
