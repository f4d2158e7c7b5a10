import {
  CloseCode,
  defaultNotificationLevel,
  type MyRoom,
  type NotificationData,
  type NotificationLevel,
  type RoomSummary,
  type User,
} from '@parley/contracts';
import {
  computed,
  effectScope,
  inject,
  onScopeDispose,
  provide,
  ref,
  shallowRef,
  watch,
  type EffectScope,
  type InjectionKey,
  type ShallowRef,
} from 'vue';
import { describeError, type ParleyApi } from '../api/rest';
import type { AuthSession } from '../auth/session';
import { roomLabel } from '../chat/roomNames';
import {
  socketOriginOf,
  UserStreamConnection,
  type ConnectionStatus,
  type UserStreamUpdate,
  type WebSocketConstructor,
} from '../realtime/connection';
import type { Auth } from './useAuth';
import { inBackground } from '../background';

/** A room the user no longer belongs to, as the sidebar tells them. */
export interface RoomRemoval {
  slug: string;
  /** As the sidebar showed it (a DM by the other person's name). */
  label: string;
  /** Who removed them; null when the server did not say. */
  by: string | null;
  /** They left it themselves (from here or another device). */
  left: boolean;
}

export interface MyRoomsOptions {
  user: User;
  session: Pick<AuthSession, 'socketTicket' | 'endSession'>;
  api: Pick<ParleyApi, 'myRooms' | 'setNotificationLevel'>;
  WebSocket?: WebSocketConstructor;
  /** Defaults to this page's origin with ws: or wss:. */
  socketOrigin?: string;
  reconnectDelay?: (attempt: number) => number;
}

/** When a room last saw activity: its last message, or its creation. */
function activityOf(room: RoomSummary): string {
  return room.lastMessageAt ?? room.createdAt;
}

/** Most recently active first, as GET /api/me/rooms lists them; by name when equal. */
export function byActivity(rooms: Iterable<MyRoom>): MyRoom[] {
  return [...rooms].sort((a, b) => {
    const later = activityOf(b).localeCompare(activityOf(a));
    return later !== 0 ? later : a.name.localeCompare(b.name);
  });
}

/** A room just created or opened here, shown at once; the stream's own word on it replaces this. */
function provisional(room: RoomSummary): MyRoom {
  return { ...room, lastSeq: 0, readSeq: 0, unread: 0, mentions: 0, notify: defaultNotificationLevel(room.kind) };
}

/**
 * The signed-in user's rooms, kept live: owns the user stream (`/ws/~me`, one socket however many rooms) and the
 * rooms by slug, with their unread and mention counts. After every (re)connect the REST list settles which rooms
 * are still theirs (a removal may have happened while the stream was down), without undoing what the stream said
 * meanwhile. Closes the stream when the calling scope goes away.
 */
export function useMyRooms(options: MyRoomsOptions) {
  const { user, session, api } = options;
  const bySlug = shallowRef<ReadonlyMap<string, MyRoom>>(new Map());
  const status = shallowRef<ConnectionStatus>({ state: 'connecting' });
  /** The last room the user was removed from (or left), until dismissed. */
  const removal = shallowRef<RoomRemoval | null>(null);
  const loadError = ref<string | null>(null);

  const rooms = computed(() => byActivity(bySlug.value.values()));
  const channels = computed(() => rooms.value.filter((room) => room.kind === 'room'));
  const dms = computed(() => rooms.value.filter((room) => room.kind === 'dm'));
  /** Over the rooms that are not muted (level `none`): a muted room's count is greyed in the sidebar, not added here. */
  const totals = computed(() => {
    let unread = 0;
    let mentions = 0;
    for (const room of bySlug.value.values()) {
      if (room.notify === 'none') continue;
      unread += room.unread;
      mentions += room.mentions;
    }
    return { unread, mentions };
  });

  /** Who hears of `notification` frames: the page's desktop notifications. */
  const notificationListeners = new Set<(notification: NotificationData) => void>();
  const levelError = ref<string | null>(null);

  /** How far the user read each room here, which the server's counts may not show yet. */
  const readHere = new Map<string, number>();
  /** Slugs the stream spoke of since the running REST list was asked for: the stream is the fresher word on them. */
  let touchedDuringReload: Set<string> | null = null;
  let reloadRun = 0;

  function update(change: (rooms: Map<string, MyRoom>) => void): void {
    const next = new Map(bySlug.value);
    change(next);
    bySlug.value = next;
  }

  function handleFrame(frame: UserStreamUpdate): void {
    switch (frame.event) {
      case 'my_room':
        touchedDuringReload?.add(frame.data.slug);
        update((next) => next.set(frame.data.slug, withReadHere(frame.data)));
        break;
      case 'notification':
        for (const listener of notificationListeners) listener(frame.data);
        break;
      case 'my_room_removed': {
        const { slug, by } = frame.data;
        touchedDuringReload?.add(slug);
        const room = bySlug.value.get(slug);
        if (room) {
          removal.value = { slug, label: roomLabel(room, user.username), by, left: by === user.username };
        }
        forget(slug);
        break;
      }
      case 'error':
        // The stream takes only `ping`: an error here is a fault of this client, and concerns no room.
        break;
    }
  }

  /** The room as the server counted it, less what was read here since, up to its last message. */
  function withReadHere(room: MyRoom): MyRoom {
    const seq = readHere.get(room.slug);
    if (seq === undefined || seq < room.lastSeq || (room.unread === 0 && room.mentions === 0)) return room;
    return { ...room, readSeq: Math.max(room.readSeq, seq), unread: 0, mentions: 0 };
  }

  /** The REST list, merged under what the stream said while it was on its way. */
  async function reload(): Promise<void> {
    const run = ++reloadRun;
    const touched = new Set<string>();
    touchedDuringReload = touched;
    try {
      const listed = await api.myRooms();
      if (run !== reloadRun) return;
      loadError.value = null;
      update((next) => {
        const fresh = new Map(listed.map((room) => [room.slug, room]));
        for (const slug of [...next.keys()]) if (!fresh.has(slug) && !touched.has(slug)) next.delete(slug);
        for (const [slug, room] of fresh) if (!touched.has(slug)) next.set(slug, withReadHere(room));
      });
    } catch (error) {
      if (run === reloadRun) loadError.value = `Your rooms could not be loaded: ${describeError(error)}`;
    } finally {
      if (run === reloadRun) touchedDuringReload = null;
    }
  }

  /** The user left the room, or was removed from it (its socket closed with 4403): it leaves the list at once. */
  function forget(slug: string): void {
    readHere.delete(slug);
    if (!bySlug.value.has(slug)) return;
    update((next) => next.delete(slug));
  }

  /** A room just created or opened here: listed at once, before the stream says anything of it. */
  function remember(room: RoomSummary): void {
    if (bySlug.value.has(room.slug)) return;
    update((next) => next.set(room.slug, provisional(room)));
  }

  /**
   * The user read the room up to `seq` here: its badge goes at once, and stays gone when a count from before the
   * server stored the move comes in (the server merges read moves over up to a second, and the room's new message
   * may reach the stream after the room's socket).
   */
  function markedRead(slug: string, seq: number): void {
    readHere.set(slug, Math.max(readHere.get(slug) ?? 0, seq));
    const room = bySlug.value.get(slug);
    if (!room) return;
    const read = withReadHere(room);
    if (read !== room) update((next) => next.set(slug, read));
  }

  function dismissRemoval(): void {
    removal.value = null;
  }

  /** Listens to the messages that notify the user, in any of their rooms; returns how to stop. */
  function onNotification(listener: (notification: NotificationData) => void): () => void {
    notificationListeners.add(listener);
    return () => notificationListeners.delete(listener);
  }

  /**
   * Sets the user's level in a room: shown at once; the server's word (through the stream, in every tab) follows,
   * and a refusal puts the level back and says why.
   */
  async function setLevel(slug: string, level: NotificationLevel): Promise<void> {
    const room = bySlug.value.get(slug);
    if (!room || room.notify === level) return;
    levelError.value = null;
    update((next) => next.set(slug, { ...room, notify: level }));
    try {
      await api.setNotificationLevel(slug, level);
    } catch (error) {
      const current = bySlug.value.get(slug);
      if (current?.notify === level) update((next) => next.set(slug, { ...current, notify: room.notify }));
      levelError.value = `The notification level could not be saved: ${describeError(error)}`;
    }
  }

  const connection = new UserStreamConnection({
    socketOrigin: options.socketOrigin ?? socketOriginOf(window.location),
    fetchTicket: () => session.socketTicket(),
    onFrame: handleFrame,
    onStatus: (next) => {
      const wasConnected = status.value.state === 'connected';
      status.value = next;
      if (next.state === 'connected' && !wasConnected) inBackground(reload(), 'Reloading your rooms');
      if (next.state === 'fatal' && next.code === CloseCode.Unauthorized) session.endSession();
    },
    WebSocket: options.WebSocket,
    reconnectDelay: options.reconnectDelay,
  });
  connection.start();
  onScopeDispose(() => {
    reloadRun++;
    connection.close();
  });

  return {
    bySlug,
    rooms,
    channels,
    dms,
    totals,
    status,
    removal,
    loadError,
    forget,
    remember,
    markedRead,
    dismissRemoval,
    reload,
    onNotification,
    setLevel,
    levelError,
  };
}

export type MyRooms = ReturnType<typeof useMyRooms>;

const MY_ROOMS_KEY: InjectionKey<Readonly<ShallowRef<MyRooms | null>>> = Symbol('myRooms');

/**
 * Keeps one MyRooms, with its stream, for whoever is signed in (a new one for each sign-in, none while signed
 * out), and hands it to every component below through injectMyRooms(). Called once, by the app's root.
 */
export function provideMyRooms(
  auth: Auth,
  api: Pick<ParleyApi, 'myRooms' | 'setNotificationLevel'>,
  options: Omit<MyRoomsOptions, 'user' | 'session' | 'api'> = {},
): Readonly<ShallowRef<MyRooms | null>> {
  const current = shallowRef<MyRooms | null>(null);
  let scope: EffectScope | undefined;

  function stop(): void {
    scope?.stop();
    scope = undefined;
    current.value = null;
  }

  watch(
    () => (auth.state.value.status === 'signedIn' ? auth.state.value.user : null),
    (signedIn, previous) => {
      if (signedIn?.id === previous?.id && current.value) return;
      stop();
      if (!signedIn) return;
      scope = effectScope(true);
      current.value = scope.run(() => useMyRooms({ ...options, user: signedIn, session: auth.session, api })) ?? null;
    },
    { immediate: true },
  );
  onScopeDispose(stop);
  provide(MY_ROOMS_KEY, current);
  return current;
}

/** The signed-in user's rooms; null while nobody is signed in, or where no root provides them (a test). */
export function injectMyRooms(): Readonly<ShallowRef<MyRooms | null>> {
  return inject(MY_ROOMS_KEY, shallowRef(null));
}
