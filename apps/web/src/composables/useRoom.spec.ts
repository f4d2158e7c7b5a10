import { CloseCode, ErrorCode, type MessagePage, type MessagePageQuery } from '@parley/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { chatMessage, chatMessages, history } from '../testing/factories';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import { useRoom } from './useRoom';

const RECONNECT_DELAY_MS = 500;

class FakeMessagesApi {
  readonly queries: MessagePageQuery[] = [];
  readonly pages: MessagePage[] = [];

  async getMessages(_slug: string, query: MessagePageQuery): Promise<MessagePage> {
    this.queries.push(query);
    const page = this.pages.shift();
    if (!page) throw new Error('no page prepared');
    return page;
  }
}

function setup() {
  const messagesApi = new FakeMessagesApi();
  let clientIds = 0;
  const scope = effectScope();
  const room = scope.run(() =>
    useRoom('general', 'Ali', {
      WebSocket: FakeWebSocket,
      api: messagesApi,
      socketOrigin: 'ws://chat.test',
      createClientId: () => `client-${++clientIds}`,
      reconnectDelay: () => RECONNECT_DELAY_MS,
    }),
  )!;
  return { room, messagesApi, scope };
}

/** Opens the latest socket and plays the server's greeting. */
function serverGreets(messages = chatMessages(1, 3), hasMore = false) {
  const socket = FakeWebSocket.latest();
  socket.serverOpens();
  socket.serverSends({ event: 'history', data: history(messages, hasMore) });
  socket.serverSends({ event: 'presence', data: { users: ['Ali', 'Bea'] } });
  socket.serverSends({ event: 'system', data: { kind: 'join', username: 'Ali', at: '2025-01-01T10:00:00.000Z' } });
  return socket;
}

async function flushPromises() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await nextTick();
}

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useRoom', () => {
  it('connects to the room as the user and shows the history, presence and room name', () => {
    const { room } = setup();
    expect(FakeWebSocket.latest().url).toBe('ws://chat.test/ws/general?username=Ali');
    serverGreets(chatMessages(1, 3), true);

    expect(room.roomName.value).toBe('General');
    expect(room.messages.value.map((message) => message.seq)).toEqual([1, 2, 3]);
    expect(room.presence.value).toEqual(['Ali', 'Bea']);
    expect(room.hasOlder.value).toBe(true);
    expect(room.status.value).toEqual({ state: 'connected' });
  });

  it("shows others' joins and leaves as notices, but not its own join", () => {
    const { room } = setup();
    const socket = serverGreets();
    socket.serverSends({ event: 'system', data: { kind: 'leave', username: 'Bea', at: '2025-01-01T10:01:00.000Z' } });

    expect(room.notices.value).toMatchObject([{ kind: 'leave', username: 'Bea', afterSeq: 3 }]);
  });

  it('adds live messages once, even when the same one arrives twice', () => {
    const { room } = setup();
    const socket = serverGreets();
    socket.serverSends({ event: 'message', data: chatMessage(4) });
    socket.serverSends({ event: 'message', data: chatMessage(4) });
    expect(room.messages.value.map((message) => message.seq)).toEqual([1, 2, 3, 4]);
  });

  describe('after the server goes away (1001)', () => {
    it('reconnects after the backoff delay with since=<last seq seen>', () => {
      const { room } = setup();
      const socket = serverGreets();
      socket.serverSends({ event: 'message', data: chatMessage(4) });
      socket.serverCloses(CloseCode.GoingAway);

      expect(room.status.value).toMatchObject({ state: 'reconnecting', attempt: 0 });
      vi.advanceTimersByTime(RECONNECT_DELAY_MS - 1);
      expect(FakeWebSocket.instances).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(FakeWebSocket.instances).toHaveLength(2);
      expect(FakeWebSocket.latest().query.get('since')).toBe('4');
    });

    it('merges the messages it missed without repeating any', () => {
      const { room } = setup();
      serverGreets().serverCloses(CloseCode.GoingAway);
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      serverGreets(chatMessages(3, 5));

      expect(room.messages.value.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5]);
    });

    it('pages forward with after= until done when the history was cut short', async () => {
      const { room, messagesApi } = setup();
      serverGreets().serverCloses(CloseCode.GoingAway);
      messagesApi.pages.push({ messages: chatMessages(54, 153), hasMore: true });
      messagesApi.pages.push({ messages: chatMessages(154, 160), hasMore: false });
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      serverGreets(chatMessages(4, 53), true);
      await flushPromises();

      expect(messagesApi.queries).toEqual([
        { after: 53, limit: 100 },
        { after: 153, limit: 100 },
      ]);
      expect(room.messages.value.map((message) => message.seq)).toEqual(chatMessages(1, 160).map((m) => m.seq));
    });

    it('resends unacknowledged messages with the same clientId, and not acknowledged ones', () => {
      const { room } = setup();
      const first = serverGreets();
      room.send('acked before the drop');
      room.send('lost in the drop');
      first.serverSends({ event: 'ack', data: { clientId: 'client-1', id: 'id-4', seq: 4 } });
      first.serverCloses(CloseCode.GoingAway);
      room.send('written while offline');

      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      const second = serverGreets();

      expect(second.sentFrames).toEqual([
        { event: 'message', data: { content: 'lost in the drop', clientId: 'client-2' } },
        { event: 'message', data: { content: 'written while offline', clientId: 'client-3' } },
      ]);
    });

    it('does not resend a message the history shows was stored', () => {
      const { room } = setup();
      const first = serverGreets();
      room.send('stored just before the drop');
      first.serverCloses(CloseCode.GoingAway);
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      const second = serverGreets([chatMessage(4, { username: 'Ali', clientId: 'client-1' })]);

      expect(second.sentFrames).toEqual([]);
      expect(room.outbox.value).toEqual([]);
    });
  });

  it('on close 4001 does not reconnect and reports the reason', () => {
    const { room } = setup();
    FakeWebSocket.latest().serverCloses(CloseCode.InvalidRoom, 'Invalid room name');

    expect(room.status.value).toEqual({ state: 'fatal', code: CloseCode.InvalidRoom, reason: 'Invalid room name' });
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(room.send('anyone?')).toBe(false);
  });

  describe('outbox', () => {
    it('shows a sent message at once as sending, and sends it with its clientId', () => {
      const { room } = setup();
      const socket = serverGreets();
      expect(room.send('  hello\n')).toBe(true);

      expect(room.outbox.value).toMatchObject([{ clientId: 'client-1', content: 'hello', status: 'sending' }]);
      expect(room.timeline.value.at(-1)).toMatchObject({ kind: 'outgoing', key: 'outgoing-client-1' });
      expect(socket.sentFrames).toEqual([{ event: 'message', data: { content: 'hello', clientId: 'client-1' } }]);
    });

    it('refuses content that may not be sent', () => {
      const { room } = setup();
      serverGreets();
      expect(room.send('   ')).toBe(false);
      expect(room.send('x'.repeat(2001))).toBe(false);
      expect(room.outbox.value).toEqual([]);
    });

    it('marks a message sent when its ack arrives', () => {
      const { room } = setup();
      const socket = serverGreets();
      room.send('hello');
      socket.serverSends({ event: 'ack', data: { clientId: 'client-1', id: 'id-4', seq: 4 } });
      expect(room.outbox.value).toMatchObject([{ clientId: 'client-1', status: 'sent', seq: 4 }]);
    });

    it('replaces the pending copy with the stored message when its broadcast arrives', () => {
      const { room } = setup();
      const socket = serverGreets();
      room.send('hello');
      socket.serverSends({
        event: 'message',
        data: chatMessage(4, { username: 'Ali', content: 'hello', clientId: 'client-1' }),
      });

      expect(room.outbox.value).toEqual([]);
      const hellos = room.timeline.value.filter(
        (item) =>
          (item.kind === 'message' && item.message.content === 'hello') ||
          (item.kind === 'outgoing' && item.outgoing.content === 'hello'),
      );
      expect(hellos).toHaveLength(1);
    });

    it('marks a message failed on an error carrying its clientId, and retries with the same clientId', () => {
      const { room } = setup();
      const socket = serverGreets();
      room.send('too fast');
      socket.serverSends({
        event: 'error',
        data: { code: ErrorCode.RateLimited, message: 'Slow down', clientId: 'client-1' },
      });
      expect(room.outbox.value).toMatchObject([{ clientId: 'client-1', status: 'failed', error: 'Slow down' }]);

      room.retry('client-1');
      expect(room.outbox.value).toMatchObject([{ clientId: 'client-1', status: 'sending' }]);
      expect(socket.sentFrames).toEqual([
        { event: 'message', data: { content: 'too fast', clientId: 'client-1' } },
        { event: 'message', data: { content: 'too fast', clientId: 'client-1' } },
      ]);
    });

    it('keeps a message refused because the server is shutting down queued for the reconnect', () => {
      const { room } = setup();
      const socket = serverGreets();
      room.send('during shutdown');
      socket.serverSends({
        event: 'error',
        data: { code: ErrorCode.ShuttingDown, message: 'Shutting down', clientId: 'client-1' },
      });
      expect(room.outbox.value).toMatchObject([{ status: 'sending' }]);
    });

    it('shows an error about no message of ours as a server error', () => {
      const { room } = setup();
      serverGreets().serverSends({ event: 'error', data: { code: ErrorCode.BadFrame, message: 'Bad frame' } });
      expect(room.serverError.value).toBe('Bad frame');
    });
  });

  describe('loadOlder', () => {
    it('fetches the page before the oldest message and prepends it', async () => {
      const { room, messagesApi } = setup();
      serverGreets(chatMessages(51, 100), true);
      messagesApi.pages.push({ messages: chatMessages(1, 50), hasMore: false });

      await room.loadOlder();

      expect(messagesApi.queries).toEqual([{ before: 51, limit: 50 }]);
      expect(room.messages.value).toHaveLength(100);
      expect(room.messages.value[0]?.seq).toBe(1);
      expect(room.hasOlder.value).toBe(false);
    });

    it('does nothing when there is nothing older', async () => {
      const { room, messagesApi } = setup();
      serverGreets(chatMessages(1, 3), false);
      await room.loadOlder();
      expect(messagesApi.queries).toEqual([]);
    });

    it('explains a failed load', async () => {
      const { room } = setup();
      serverGreets(chatMessages(51, 100), true);
      await room.loadOlder();
      expect(room.loadError.value).toMatch(/could not be loaded: no page prepared/);
      expect(room.loadingOlder.value).toBe(false);
    });
  });

  it('closes the socket when its scope ends', () => {
    const { scope } = setup();
    const socket = serverGreets();
    scope.stop();
    expect(socket.closedByClient).toBe(CloseCode.Normal);
  });
});
