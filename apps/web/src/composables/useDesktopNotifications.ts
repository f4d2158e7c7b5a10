import type { NotificationData } from '@parley/contracts';
import { watch, type ShallowRef } from 'vue';
import { roomLabel } from '../chat/roomNames';
import { describeNotification, notificationPath, shownAlready } from '../notifications/desktop';
import type { MyRooms } from './useMyRooms';

export interface DesktopNotificationOptions {
  /** The room open in this tab, if any. */
  viewedRoom: () => string | null;
  /** The signed-in user's name (a DM is labelled by the other person). */
  viewer: () => string;
  /** Goes to a path of the app (the router). */
  open: (path: string) => void;
  /** The browser's Notification (a fake in tests); absent where the browser has none. */
  Notification?: typeof Notification;
  pageHidden?: () => boolean;
}

/**
 * While a tab is open, a message that notifies the user (the user stream's `notification`) raises a desktop
 * notification when its room is not the one in view or the tab is hidden — once permission was granted from the
 * settings (never asked here). Clicking it focuses the tab and opens the room at that message.
 */
export function useDesktopNotifications(
  myRooms: Readonly<ShallowRef<MyRooms | null>>,
  options: DesktopNotificationOptions,
): void {
  const pageHidden = options.pageHidden ?? (() => document.visibilityState === 'hidden');

  function show(rooms: MyRooms, notification: NotificationData): void {
    const Desktop = options.Notification ?? globalThis.Notification;
    if (!Desktop || Desktop.permission !== 'granted') return;
    if (shownAlready(notification, options.viewedRoom(), pageHidden())) return;
    const room = rooms.bySlug.value.get(notification.room.slug);
    const label = room ? roomLabel(room, options.viewer()) : notification.room.name;
    const { title, body, tag } = describeNotification(notification, label);
    const shown = new Desktop(title, { body, tag });
    shown.onclick = () => {
      window.focus();
      options.open(notificationPath(notification.room.slug, notification.message.seq));
      shown.close();
    };
  }

  watch(
    myRooms,
    (rooms, _previous, onCleanup) => {
      if (rooms) onCleanup(rooms.onNotification((notification) => show(rooms, notification)));
    },
    { immediate: true },
  );
}
