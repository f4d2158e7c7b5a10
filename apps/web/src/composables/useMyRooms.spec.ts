import { CloseCode, type MyRoom, type NotificationLevel } from '@parley/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, effectScope, h } from 'vue';
import { createAuth } from './useAuth';
import { chatMessage, myRoom, user } from '../testing/factories';
import { FakeAuthServer } from '../testing/fakeAuthServer';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import { byActivity, provideMyRooms, useMyRooms } from './useMyRooms';

const RECONNECT_DELAY_MS = 500;

/** GET /api/me/rooms, answered when the test says. */
class FakeMyRoomsApi {
  calls = 0;
  private answers: ((rooms: MyRoom[]) => void)[] = [];
  readonly levels: Array<[string, NotificationLevel]> = [];
  refuseLevel: Error | null = null;

  setNotificationLevel = async (slug: string, level: NotificationLevel) => {
    this.levels.push([slug, level]);
    if (this.refuseLevel) throw this.refuseLevel;
    return { level };
  };

  myRooms(): Promise<MyRoom[]> {
    this.calls++;
    return new Promise((resolve) => this.answers.push(resolve));
  }

  async answer(rooms: MyRoom[]): Promise<void> {
    this.answers.shift()?.(rooms);
    await flushPromises();
  }
}

class FakeTicketSession {
  tickets = 0;
  ended = 0;

  async socketTicket(): Promise<string> {
    return `ticket-${++this.tickets}`;
  }

  endSession(): void {
    this.ended++;
  }
}

async function setup() {
  const api = new FakeMyRoomsApi();
  const session = new FakeTicketSession();
  const scope = effectScope();
  const rooms = scope.run(() =>
    useMyRooms({
      user: user(),
      session,
      api,
      WebSocket: FakeWebSocket,
      socketOrigin: 'ws://chat.test',
      reconnectDelay: () => RECONNECT_DELAY_MS,
    }),
  )!;
  await flushPromises();
  return { rooms, api, session, scope };
}

const slugsOf = (rooms: readonly MyRoom[]) => rooms.map((room) => room.slug);

const general = myRoom('general', { lastMessageAt: '2025-01-01T10:00:00.000Z', lastSeq: 4 });
const team = myRoom('team', { name: 'Team', visibility: 'private', lastMessageAt: '2025-01-02T10:00:00.000Z' });
const dm = myRoom('dm-1', { name: 'ali, bea', visibility: 'private', kind: 'dm' });

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('byActivity', () => {
  it('puts the most recently active first, a room without messages by its creation', () => {
    const fresh = myRoom('fresh', { createdAt: '2025-01-03T00:00:00.000Z' });
    expect(slugsOf(byActivity([general, fresh, team]))).toEqual(['fresh', 'team', 'general']);
  });
});

describe('useMyRooms', () => {
  it('opens the user stream with a fresh ticket, and lists what it tells: rooms and DMs apart, with totals', async () => {
    const { rooms } = await setup();
    const socket = FakeWebSocket.latest();
    expect(socket.url).toBe('ws://chat.test/ws/~me?ticket=ticket-1');
    socket.serverOpens();
    socket.serverSends({ event: 'my_room', data: { ...general, unread: 2, mentions: 1 } });
    socket.serverSends({ event: 'my_room', data: team });
    socket.serverSends({ event: 'my_room', data: { ...dm, unread: 3 } });

    expect(slugsOf(rooms.channels.value)).toEqual(['team', 'general']);
    expect(slugsOf(rooms.dms.value)).toEqual(['dm-1']);
    expect(rooms.totals.value).toEqual({ unread: 5, mentions: 1 });
  });

  it('leaves a muted room out of the totals', async () => {
    const { rooms } = await setup();
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    socket.serverSends({ event: 'my_room', data: { ...general, unread: 2, mentions: 1 } });
    socket.serverSends({ event: 'my_room', data: { ...team, unread: 7, mentions: 2, notify: 'none' } });
    expect(rooms.totals.value).toEqual({ unread: 2, mentions: 1 });
  });

  it('hands each notification frame to its listeners until they stop', async () => {
    const { rooms } = await setup();
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    const heard: string[] = [];
    const stop = rooms.onNotification((notification) => heard.push(notification.message.id));
    const notification = { room: { slug: 'general', name: 'general', kind: 'room' as const }, message: chatMessage(5) };
    socket.serverSends({ event: 'notification', data: notification });
    stop();
    socket.serverSends({ event: 'notification', data: { ...notification, message: chatMessage(6) } });
    expect(heard).toEqual(['id-5']);
  });

  it('shows a new level at once, and puts the old one back with the reason when the server refuses it', async () => {
    const { rooms, api } = await setup();
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    socket.serverSends({ event: 'my_room', data: general });
    const saved = rooms.setLevel('general', 'all');
    expect(rooms.bySlug.value.get('general')?.notify).toBe('all');
    await saved;
    api.refuseLevel = new Error('offline');
    await rooms.setLevel('general', 'none');
    expect(api.levels).toEqual([
      ['general', 'all'],
      ['general', 'none'],
    ]);
    expect(rooms.bySlug.value.get('general')?.notify).toBe('all');
    expect(rooms.levelError.value).toMatch(/offline/);
  });

  it('takes each my_room as the whole new state of that room, and reorders by activity', async () => {
    const { rooms } = await setup();
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    socket.serverSends({ event: 'my_room', data: general });
    socket.serverSends({ event: 'my_room', data: team });
    socket.serverSends({
      event: 'my_room',
      data: { ...general, lastSeq: 5, unread: 1, lastMessageAt: '2025-01-03T10:00:00.000Z' },
    });

    expect(slugsOf(rooms.rooms.value)).toEqual(['general', 'team']);
    expect(rooms.bySlug.value.get('general')).toMatchObject({ lastSeq: 5, unread: 1 });
  });

  it('drops a room the user was removed from at once, saying by whom', async () => {
    const { rooms } = await setup();
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    socket.serverSends({ event: 'my_room', data: team });
    socket.serverSends({ event: 'my_room_removed', data: { slug: 'team', by: 'bea' } });

    expect(rooms.bySlug.value.has('team')).toBe(false);
    expect(rooms.removal.value).toEqual({ slug: 'team', label: 'Team', by: 'bea', left: false });
    rooms.dismissRemoval();
    expect(rooms.removal.value).toBeNull();
  });

  it('says "left" for a room the user left themselves, and names a DM by the other person', async () => {
    const { rooms } = await setup();
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    socket.serverSends({ event: 'my_room', data: dm });
    socket.serverSends({ event: 'my_room_removed', data: { slug: 'dm-1', by: 'ali' } });
    expect(rooms.removal.value).toEqual({ slug: 'dm-1', label: 'bea', by: 'ali', left: true });
  });

  describe('after each (re)connect, the REST list', () => {
    it('drops the rooms that are no longer the user’s, and adds those the stream did not mention', async () => {
      const { rooms, api } = await setup();
      const first = FakeWebSocket.latest();
      first.serverOpens();
      first.serverSends({ event: 'my_room', data: general });
      first.serverSends({ event: 'my_room', data: team });
      await api.answer([general, team]);

      first.serverCloses(CloseCode.GoingAway);
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      await flushPromises();
      FakeWebSocket.latest().serverOpens();
      expect(api.calls).toBe(2);
      await api.answer([general, dm]);

      expect(slugsOf(rooms.rooms.value).sort()).toEqual(['dm-1', 'general']);
    });

    it('does not undo what the stream said while it was on its way', async () => {
      const { rooms, api } = await setup();
      const socket = FakeWebSocket.latest();
      socket.serverOpens();
      socket.serverSends({ event: 'my_room', data: { ...general, unread: 3 } });
      socket.serverSends({ event: 'my_room', data: team });
      socket.serverSends({ event: 'my_room_removed', data: { slug: 'team', by: 'bea' } });
      await api.answer([{ ...general, unread: 1 }, team]);

      expect(slugsOf(rooms.rooms.value)).toEqual(['general']);
      expect(rooms.bySlug.value.get('general')?.unread).toBe(3);
    });

    it('says when it could not be loaded, and the stream still counts', async () => {
      const { rooms } = await setup();
      const failing = {
        myRooms: () => Promise.reject(new Error('offline')),
        setNotificationLevel: new FakeMyRoomsApi().setNotificationLevel,
      };
      const scope = effectScope();
      const other = scope.run(() =>
        useMyRooms({ user: user(), session: new FakeTicketSession(), api: failing, WebSocket: FakeWebSocket }),
      )!;
      await flushPromises();
      FakeWebSocket.latest().serverOpens();
      await flushPromises();
      expect(other.loadError.value).toBe('Your rooms could not be loaded: offline');
      expect(rooms.loadError.value).toBeNull();
      scope.stop();
    });
  });

  describe('reading here', () => {
    it('clears the badge at once, and keeps it clear when an older count arrives', async () => {
      const { rooms } = await setup();
      const socket = FakeWebSocket.latest();
      socket.serverOpens();
      socket.serverSends({ event: 'my_room', data: { ...general, lastSeq: 4, unread: 2, mentions: 1 } });

      rooms.markedRead('general', 4);
      expect(rooms.bySlug.value.get('general')).toMatchObject({ unread: 0, mentions: 0, readSeq: 4 });
      // Counted before the server stored the move.
      socket.serverSends({ event: 'my_room', data: { ...general, lastSeq: 4, unread: 2, mentions: 1 } });
      expect(rooms.bySlug.value.get('general')).toMatchObject({ unread: 0, mentions: 0 });
    });

    it('keeps clear a badge for a message read before the stream counted it', async () => {
      const { rooms } = await setup();
      const socket = FakeWebSocket.latest();
      socket.serverOpens();
      socket.serverSends({ event: 'my_room', data: { ...general, lastSeq: 4 } });
      // The room's socket brought message 5, read at once; the stream's count of it comes after.
      rooms.markedRead('general', 5);
      socket.serverSends({ event: 'my_room', data: { ...general, lastSeq: 5, unread: 1 } });
      expect(rooms.bySlug.value.get('general')?.unread).toBe(0);
    });

    it('shows what arrived after what was read', async () => {
      const { rooms } = await setup();
      const socket = FakeWebSocket.latest();
      socket.serverOpens();
      rooms.markedRead('general', 4);
      socket.serverSends({ event: 'my_room', data: { ...general, lastSeq: 6, unread: 2 } });
      expect(rooms.bySlug.value.get('general')?.unread).toBe(2);
    });
  });

  it('lists a room created here at once, until the stream says more of it', async () => {
    const { rooms } = await setup();
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    rooms.remember(team);
    expect(rooms.bySlug.value.get('team')).toMatchObject({ name: 'Team', unread: 0 });
    socket.serverSends({ event: 'my_room', data: { ...team, unread: 1 } });
    rooms.remember(team);
    expect(rooms.bySlug.value.get('team')?.unread).toBe(1);
    rooms.forget('team');
    expect(rooms.bySlug.value.has('team')).toBe(false);
  });

  it('ends the session when the stream closes with 4401, and stops', async () => {
    const { rooms, session } = await setup();
    FakeWebSocket.latest().serverOpens();
    FakeWebSocket.latest().serverCloses(CloseCode.Unauthorized);
    expect(session.ended).toBe(1);
    expect(rooms.status.value).toMatchObject({ state: 'fatal', code: CloseCode.Unauthorized });
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('closes the stream when its scope ends', async () => {
    const { scope } = await setup();
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    scope.stop();
    expect(socket.closedByClient).toBe(CloseCode.Normal);
  });
});

describe('provideMyRooms', () => {
  it('keeps a stream only while someone is signed in, a new one for each sign-in', async () => {
    vi.useRealTimers();
    vi.stubGlobal('WebSocket', FakeWebSocket);
    const server = new FakeAuthServer();
    const auth = createAuth({ api: server });
    await auth.session.restore();
    const api = { myRooms: async () => [], setNotificationLevel: async () => ({ level: 'all' as const }) };
    const Root = defineComponent({
      setup() {
        const rooms = provideMyRooms(auth, api);
        return () => h('p', rooms.value ? 'rooms' : 'none');
      },
    });
    const wrapper = mount(Root, { global: { plugins: [auth] } });
    expect(wrapper.text()).toBe('none');
    expect(FakeWebSocket.instances).toHaveLength(0);

    await auth.session.signIn({ username: 'ali', password: 'correct horse' });
    await flushPromises();
    expect(wrapper.text()).toBe('rooms');
    const stream = FakeWebSocket.latest();
    expect(stream.url).toMatch(/\/ws\/~me\?ticket=ticket-1$/);

    await auth.session.signOut();
    await flushPromises();
    expect(wrapper.text()).toBe('none');
    expect(stream.closedByClient).toBe(CloseCode.Normal);
    wrapper.unmount();
  });
});
