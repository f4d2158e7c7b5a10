import { plainExcerpt, type NotificationData } from '@parley/contracts';

/** What a desktop notification shows: the sender and the room (a DM by the sender alone), and the text. */
export function describeNotification(
  notification: NotificationData,
  roomLabel: string,
): { title: string; body: string; tag: string } {
  const { room, message } = notification;
  const files = message.attachments.length;
  const body = plainExcerpt(message.content) || (files === 1 ? '📎 A file' : `📎 ${files} files`);
  return {
    title: room.kind === 'dm' ? message.username : `${message.username} in ${roomLabel}`,
    body,
    // One per room: a newer message of the same room replaces the one still showing.
    tag: `parley:${room.slug}`,
  };
}

/** Whether the page shows it already: the room is open in a visible tab. */
export function shownAlready(notification: NotificationData, viewedRoom: string | null, pageHidden: boolean): boolean {
  return !pageHidden && viewedRoom === notification.room.slug;
}

/** Where a notification leads: its room, at the message. */
export function notificationPath(room: string, seq: number): string {
  return `/chat/${encodeURIComponent(room)}?at=${seq}`;
}

/** The VAPID key as `PushManager.subscribe` takes it. */
export function base64UrlToBytes(base64Url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64Url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
