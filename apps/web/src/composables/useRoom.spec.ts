import { CloseCode, ErrorCode, LIMITS } from '@parley/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/rest';
import { TYPING_REPEAT_MS } from '../chat/typing';
import { NOT_FOUND_AT_UPGRADE } from '../realtime/connection';
import { chatMessage, chatMessages, history, receipt, user, type MemberHistory } from '../testing/factories';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import {
  FakeTicketSession,
  flushPromises,
  newMessageEvents,
  noticesIn,
  RECONNECT_DELAY_MS,
  seqsIn,
  serverGreets,
  setup,
} from '../testing/roomHarness';
import { ROOM_NOT_FOUND_REASON } from './useRoom';

/**
 * Answers the client's message frames as the server does, with no delay: each clientId is stored once, in the
 * order received, and what comes faster than `burst` at once and `perSecond` after is refused with RATE_LIMITED.
 */
function rateLimitedServer(socket: FakeWebSocket, limit: { burst: number; perSecond: number; firstSeq: number }) {
  const stored: { content: string; clientId: string; seq: number }[] = [];
  const startedAt = Date.now();
  let tokens = limit.burst;
  let refilledAt = startedAt;
  let read = 0;
  let refusals = 0;

  function take(): boolean {
    const now = Date.now();
    tokens = Math.min(limit.burst, tokens + ((now - refilledAt) / 1000) * limit.perSecond);
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  function answerOne(frame: { event: string; data: { content: string; clientId: string } }): void {
    if (frame.event === 'ping') return socket.serverSends({ event: 'pong', data: {} });
    const { content, clientId } = frame.data;
    if (!take()) {
      refusals++;
      const retryAfterMs = Math.ceil(((1 - tokens) / limit.perSecond) * 1000);
      const data = { code: ErrorCode.RateLimited, message: 'Slow down', clientId, retryAfterMs };
      return socket.serverSends({ event: 'error', data });
    }
    let message = stored.find((candidate) => candidate.clientId === clientId);
    if (!message) {
      message = { content, clientId, seq: limit.firstSeq + stored.length };
      stored.push(message);
      socket.serverSends({ event: 'message', data: chatMessage(message.seq, { username: 'Ali', content, clientId }) });
    }
    socket.serverSends({ event: 'ack', data: { clientId, id: `id-${message.seq}`, seq: message.seq } });
  }

  return {
    stored,
    startedAt,
    get refusals() {
      return refusals;
    },
    /** Answers every frame sent since, including those sent in reaction to its answers. */
    answer(): void {
      while (read < socket.sent.length) answerOne(JSON.parse(socket.sent[read++]!));
    },
  };
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
    expect(seqsIn(room)).toEqual([1, 2, 3]);
    expect(room.presence.value).toEqual(['Ali', 'Bea']);
    expect(room.hasOlder.value).toBe(true);
    expect(room.status.value).toEqual({ state: 'connected' });
  });

  it("shows others' joins and leaves as notices, but not its own join", () => {
    const { room } = setup();
    const socket = serverGreets();
    socket.serverSends({ event: 'system', data: { kind: 'leave', username: 'Bea', at: '2025-01-01T10:01:00.000Z' } });

    expect(noticesIn(room)).toMatchObject([{ kind: 'leave', username: 'Bea', afterSeq: 3 }]);
  });

  it('adds live messages once, even when the same one arrives twice', () => {
    const { room } = setup();
    const socket = serverGreets();
    socket.serverSends({ event: 'message', data: chatMessage(4) });
    socket.serverSends({ event: 'message', data: chatMessage(4) });
    expect(seqsIn(room)).toEqual([1, 2, 3, 4]);
  });

  it('appends a live message to the timeline in place, and hands out a new view of it', () => {
    const { room } = setup();
    const socket = serverGreets(chatMessages(1, 3));
    const before = room.timeline.value;
    socket.serverSends({ event: 'message', data: chatMessage(4) });

    expect(room.timeline.value).not.toBe(before);
    expect(room.timeline.value.entries).toBe(before.entries);
    expect(room.timeline.value.length).toBe(4);
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

      expect(seqsIn(room)).toEqual([1, 2, 3, 4, 5]);
    });

    it('pages the log forward with events?after= until done when the history was cut short', async () => {
      const { room, messagesApi } = setup();
      serverGreets().serverCloses(CloseCode.GoingAway);
      messagesApi.eventPages.push({ events: newMessageEvents(54, 153), hasMore: true });
      messagesApi.eventPages.push({ events: newMessageEvents(154, 160), hasMore: false });
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      serverGreets(chatMessages(4, 53), true);
      await flushPromises();

      expect(messagesApi.eventQueries).toEqual([
        { after: 53, limit: 100 },
        { after: 153, limit: 100 },
      ]);
      expect(seqsIn(room)).toEqual(chatMessages(1, 160).map((m) => m.seq));
    });

    it('resends unacknowledged messages in order with the same clientId, and not acknowledged ones', () => {
      const { room } = setup();
      const first = serverGreets();
      room.send('acked before the drop');
      room.send('lost in the drop');
      first.serverSends({ event: 'ack', data: { clientId: 'client-1', id: 'id-4', seq: 4 } });
      first.serverCloses(CloseCode.GoingAway);
      room.send('written while offline');

      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      const second = serverGreets();
      second.serverSends({ event: 'ack', data: { clientId: 'client-2', id: 'id-5', seq: 5 } });

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

  describe('as a signed-in user', () => {
    async function signedIn() {
      const session = new FakeTicketSession();
      const { room } = setup({ kind: 'user', user: user(), session });
      await flushPromises();
      return { room, session };
    }

    it('opens every socket with a ticket of its own, never a name', async () => {
      const { session } = await signedIn();
      expect(FakeWebSocket.latest().url).toBe('ws://chat.test/ws/general?ticket=ticket-1');
      serverGreets().serverCloses(CloseCode.GoingAway);

      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      await flushPromises();
      expect(FakeWebSocket.latest().url).toBe('ws://chat.test/ws/general?ticket=ticket-2&since=3');
      expect(session.tickets).toBe(2);
    });

    it('is the user, by id: its own join is no notice, and it is who sends', async () => {
      const { room } = await signedIn();
      const socket = FakeWebSocket.latest();
      socket.serverOpens();
      socket.serverSends({ event: 'history', data: history([]) });
      socket.serverSends({ event: 'system', data: { kind: 'join', username: 'ali', at: '2025-01-01T10:00:00.000Z' } });

      expect(room.self).toEqual({ username: 'ali', userId: 'user-ali' });
      expect(noticesIn(room)).toEqual([]);
    });

    it('on close 4401 tells the session it ended, and does not reconnect', async () => {
      const { room, session } = await signedIn();
      serverGreets().serverCloses(CloseCode.Unauthorized, 'Signed out');

      expect(room.status.value).toEqual({ state: 'fatal', code: CloseCode.Unauthorized, reason: 'Signed out' });
      expect(session.ended).toBe(1);
      vi.advanceTimersByTime(60_000);
      await flushPromises();
      expect(session.tickets).toBe(1);
    });
  });

  it('as a guest, on close 4004 stops with the reason and ends no session', () => {
    const { room } = setup();
    FakeWebSocket.latest().serverCloses(CloseCode.NameTaken, 'This name belongs to a registered user: sign in');

    expect(room.status.value).toMatchObject({ state: 'fatal', code: CloseCode.NameTaken });
    expect(room.self).toEqual({ username: 'Ali', userId: null });
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  describe('outbox', () => {
    it('shows a sent message at once as sending, and sends it with its clientId', () => {
      const { room } = setup();
      const socket = serverGreets();
      expect(room.send('  hello\n')).toBe(true);

      expect(room.outbox.value).toMatchObject([{ clientId: 'client-1', content: 'hello', status: 'sending' }]);
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
      expect(seqsIn(room)).toEqual([1, 2, 3, 4]);
    });

    it.each([ErrorCode.StoreFailed, ErrorCode.InternalError, ErrorCode.InvalidMessage])(
      'marks a message failed on %s for it, sends the next one, and retries with the same clientId',
      (code) => {
        const { room } = setup();
        const socket = serverGreets();
        room.send('refused');
        room.send('next');
        socket.serverSends({ event: 'error', data: { code, message: 'Not stored', clientId: 'client-1' } });
        expect(room.outbox.value).toMatchObject([
          { clientId: 'client-1', status: 'failed', error: 'Not stored' },
          { clientId: 'client-2', status: 'sending' },
        ]);
        socket.serverSends({ event: 'ack', data: { clientId: 'client-2', id: 'id-4', seq: 4 } });

        room.retry('client-1');
        expect(room.outbox.value).toMatchObject([{ clientId: 'client-1', status: 'sending' }, { status: 'sent' }]);
        expect(socket.sentFrames).toEqual([
          { event: 'message', data: { content: 'refused', clientId: 'client-1' } },
          { event: 'message', data: { content: 'next', clientId: 'client-2' } },
          { event: 'message', data: { content: 'refused', clientId: 'client-1' } },
        ]);
        expect(room.sendingThrottled.value).toBe(false);
      },
    );

    it('keeps a rate-limited message queued, shows the wait, and resends it with the same clientId', () => {
      const { room } = setup();
      const socket = serverGreets();
      room.send('too fast');
      room.send('after it');
      socket.serverSends({
        event: 'error',
        data: { code: ErrorCode.RateLimited, message: 'Slow down', clientId: 'client-1', retryAfterMs: 400 },
      });

      expect(room.outbox.value).toMatchObject([{ status: 'sending' }, { status: 'sending' }]);
      expect(room.outbox.value.every((entry) => entry.error === undefined)).toBe(true);
      expect(room.sendingThrottled.value).toBe(true);
      expect(room.serverError.value).toBeNull();

      vi.advanceTimersByTime(300);
      expect(socket.sentFrames).toHaveLength(1);
      vi.advanceTimersByTime(200);
      expect(socket.sentFrames).toEqual([
        { event: 'message', data: { content: 'too fast', clientId: 'client-1' } },
        { event: 'message', data: { content: 'too fast', clientId: 'client-1' } },
      ]);

      socket.serverSends({ event: 'ack', data: { clientId: 'client-1', id: 'id-4', seq: 4 } });
      vi.advanceTimersByTime(1000);
      socket.serverSends({ event: 'ack', data: { clientId: 'client-2', id: 'id-5', seq: 5 } });
      expect(socket.sentFrames.at(-1)).toEqual({
        event: 'message',
        data: { content: 'after it', clientId: 'client-2' },
      });
      expect(room.sendingThrottled.value).toBe(false);
    });

    it('delivers 120 queued messages, every one once and in order, through a rate-limited server', () => {
      const { room } = setup();
      const socket = serverGreets(chatMessages(1, 3));
      const server = rateLimitedServer(socket, { burst: 10, perSecond: 5, firstSeq: 4 });
      const contents = Array.from({ length: 120 }, (_, index) => `pasted line ${index + 1}`);
      contents.forEach((content) => room.send(content));

      let sawThrottled = false;
      let sawFailed = false;
      for (let elapsed = 0; elapsed < 60_000 && server.stored.length < contents.length; elapsed += 10) {
        server.answer();
        sawThrottled ||= room.sendingThrottled.value;
        sawFailed ||= room.outbox.value.some((entry) => entry.status === 'failed');
        vi.advanceTimersByTime(10);
      }
      server.answer();

      expect(server.stored.map((message) => message.content)).toEqual(contents);
      expect(seqsIn(room)).toEqual(chatMessages(1, 123).map((m) => m.seq));
      expect(room.outbox.value).toEqual([]);
      expect(sawFailed).toBe(false);
      expect(sawThrottled).toBe(true);
      expect(room.sendingThrottled.value).toBe(false);
      // Paced after the first refusal: it did not keep running into the limit.
      expect(server.refusals).toBeLessThanOrEqual(3);
      // 110 beyond the burst at 5 a second need 22 s; pacing may add a little.
      expect(Date.now() - server.startedAt).toBeLessThan(26_000);
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
      expect(seqsIn(room)).toEqual(chatMessages(1, 100).map((m) => m.seq));
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

  describe('read receipts', () => {
    async function signedInRoom() {
      const { room, messagesApi } = setup({ kind: 'user', user: user(), session: new FakeTicketSession() });
      await flushPromises();
      return { room, messagesApi };
    }

    /** Opens the latest socket and plays a member's greeting: the history with the markers. */
    function greetMember(messages: ReturnType<typeof chatMessages>, member: MemberHistory) {
      const socket = FakeWebSocket.latest();
      socket.serverOpens();
      socket.serverSends({ event: 'history', data: history(messages, false, member) });
      return socket;
    }

    const readFrames = (socket: FakeWebSocket) =>
      socket.sentFrames.filter((frame) => (frame as { event: string }).event === 'read');

    it("places the others' names under the last message each has read, never the viewer's", async () => {
      const { room } = await signedInRoom();
      greetMember(chatMessages(1, 5), {
        readSeq: 5,
        receipts: [receipt('ali', 5), receipt('bea', 3), receipt('cy', 5), receipt('dan', 3)],
      });

      expect(Object.fromEntries(room.seenBy.value)).toEqual({ 3: ['bea', 'dan'], 5: ['cy'] });
    });

    it('moves a name when its receipt comes, and not back for an older one', async () => {
      const { room } = await signedInRoom();
      const socket = greetMember(chatMessages(1, 5), { readSeq: 5, receipts: [receipt('bea', 2)] });
      socket.serverSends({ event: 'receipt', data: receipt('bea', 4) });
      expect([...room.seenBy.value]).toEqual([[4, ['bea']]]);
      socket.serverSends({ event: 'receipt', data: receipt('bea', 3) });
      expect([...room.seenBy.value]).toEqual([[4, ['bea']]]);
    });

    it('places a receipt past the newest message under the newest, and moves it when the message arrives', async () => {
      const { room } = await signedInRoom();
      const socket = greetMember(chatMessages(1, 3), { readSeq: 3, receipts: [] });
      socket.serverSends({ event: 'receipt', data: receipt('bea', 4) });
      expect([...room.seenBy.value]).toEqual([[3, ['bea']]]);
      socket.serverSends({ event: 'message', data: chatMessage(4) });
      expect([...room.seenBy.value]).toEqual([[4, ['bea']]]);
    });

    it('tells the server what the user saw beyond their marker, each move once', async () => {
      const { room } = await signedInRoom();
      const socket = greetMember(chatMessages(1, 5), { readSeq: 3, receipts: [receipt('ali', 3)] });
      room.markRead(3);
      expect(readFrames(socket)).toEqual([]);

      room.markRead(5);
      room.markRead(5);
      room.markRead(4);
      expect(readFrames(socket)).toEqual([{ event: 'read', data: { seq: 5 } }]);
      socket.serverSends({ event: 'message', data: chatMessage(6) });
      room.markRead(6);
      vi.advanceTimersByTime(LIMITS.readMarkerIntervalMs);
      expect(readFrames(socket)).toEqual([
        { event: 'read', data: { seq: 5 } },
        { event: 'read', data: { seq: 6 } },
      ]);
    });

    it('sends at most one marker a second in a busy room: the newest seq seen, at the end of the wait', async () => {
      const { room } = await signedInRoom();
      const socket = greetMember(chatMessages(1, 3), { readSeq: 3, receipts: [] });
      for (let seq = 4; seq <= 20; seq++) {
        socket.serverSends({ event: 'message', data: chatMessage(seq) });
        room.markRead(seq);
        vi.advanceTimersByTime(100);
      }
      // 1,700 ms: the first move went at once, the next at the end of its second.
      expect(readFrames(socket)).toEqual([
        { event: 'read', data: { seq: 4 } },
        { event: 'read', data: { seq: 13 } },
      ]);
      vi.advanceTimersByTime(LIMITS.readMarkerIntervalMs);
      expect(readFrames(socket).at(-1)).toEqual({ event: 'read', data: { seq: 20 } });
      expect(readFrames(socket)).toHaveLength(3);
    });

    it('sends what was seen while no socket could take it once the next history came', async () => {
      const { room } = await signedInRoom();
      greetMember(chatMessages(1, 5), { readSeq: 5, receipts: [] }).serverCloses(CloseCode.GoingAway);
      room.markRead(7);
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      await flushPromises();

      const socket = greetMember(chatMessages(6, 7), { readSeq: 5, receipts: [] });
      expect(readFrames(socket)).toEqual([{ event: 'read', data: { seq: 7 } }]);
    });

    it('sends again after a reconnect whose history shows the move was not stored', async () => {
      const { room } = await signedInRoom();
      const first = greetMember(chatMessages(1, 5), { readSeq: 2, receipts: [] });
      room.markRead(5);
      first.serverCloses(CloseCode.GoingAway);
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      await flushPromises();

      const second = greetMember([], { readSeq: 2, receipts: [] });
      expect(readFrames(first)).toEqual([{ event: 'read', data: { seq: 5 } }]);
      expect(readFrames(second)).toEqual([{ event: 'read', data: { seq: 5 } }]);
    });

    it('never sends read as a guest, whose history has no markers', () => {
      const { room } = setup();
      const socket = serverGreets();
      room.markRead(3);
      expect(readFrames(socket)).toEqual([]);
      expect(room.seenBy.value.size).toBe(0);
    });
  });

  describe('typing', () => {
    const typingFrames = (socket: FakeWebSocket) =>
      socket.sentFrames.filter((frame) => (frame as { event: string }).event === 'typing');

    it('shows who else is typing, never the user', () => {
      const { room } = setup();
      serverGreets().serverSends({ event: 'typing', data: { users: ['Bea', 'Ali', 'Cy'] } });
      expect(room.typing.value).toEqual(['Bea', 'Cy']);
    });

    it('forgets who was typing when the socket closes', () => {
      const { room } = setup();
      const socket = serverGreets();
      socket.serverSends({ event: 'typing', data: { users: ['Bea'] } });
      socket.serverCloses(CloseCode.GoingAway);
      expect(room.typing.value).toEqual([]);
    });

    it('says typing on the first keystroke, again every few seconds while it goes on, and stops when the draft empties', () => {
      const { room } = setup();
      const socket = serverGreets();
      room.draftChanged('h');
      vi.advanceTimersByTime(1000);
      room.draftChanged('he');
      vi.advanceTimersByTime(TYPING_REPEAT_MS - 1000);
      room.draftChanged('hel');
      room.draftChanged('');

      expect(typingFrames(socket)).toEqual([
        { event: 'typing', data: { typing: true } },
        { event: 'typing', data: { typing: true } },
        { event: 'typing', data: { typing: false } },
      ]);
    });

    it('says typing again at once on a new socket', () => {
      const { room } = setup();
      serverGreets();
      room.draftChanged('h');
      FakeWebSocket.latest().serverCloses(CloseCode.GoingAway);
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      const socket = serverGreets();
      room.draftChanged('he');
      expect(typingFrames(socket)).toEqual([{ event: 'typing', data: { typing: true } }]);
    });

    it('sends nothing before the history arrived', () => {
      const { room } = setup();
      FakeWebSocket.latest().serverOpens();
      room.draftChanged('h');
      expect(typingFrames(FakeWebSocket.latest())).toEqual([]);
    });
  });

  describe('membership', () => {
    it('shows additions and removals as notices, and counts every change of who is there', () => {
      const { room } = setup();
      const socket = serverGreets();
      const before = room.rosterChanges.value;
      socket.serverSends({
        event: 'system',
        data: { kind: 'added', username: 'cy', by: 'Bea', at: '2025-01-01T10:01:00.000Z' },
      });
      socket.serverSends({
        event: 'system',
        data: { kind: 'removed', username: 'dan', by: 'Bea', at: '2025-01-01T10:02:00.000Z' },
      });
      socket.serverSends({ event: 'system', data: { kind: 'leave', username: 'Bea', at: '2025-01-01T10:03:00.000Z' } });

      expect(noticesIn(room).map((notice) => [notice.kind, notice.username, notice.by])).toEqual([
        ['added', 'cy', 'Bea'],
        ['removed', 'dan', 'Bea'],
        ['leave', 'Bea', undefined],
      ]);
      expect(room.rosterChanges.value).toBe(before + 3);
    });

    it('on close 4403 (removed) stops for good and sends nothing more', () => {
      const { room } = setup();
      serverGreets().serverCloses(CloseCode.RemovedFromRoom, 'You are no longer a member of this room');
      expect(room.status.value).toEqual({
        state: 'fatal',
        code: CloseCode.RemovedFromRoom,
        reason: 'You are no longer a member of this room',
      });
      vi.advanceTimersByTime(60_000);
      expect(FakeWebSocket.instances).toHaveLength(1);
      expect(room.send('still here?')).toBe(false);
    });

    it('stops with "not found" when sockets keep failing and the room answers 404 (private, not a member)', async () => {
      const { room, messagesApi } = setup();
      messagesApi.roomAnswer = new ApiError(404, 'Room not found');
      FakeWebSocket.latest().serverCloses(1006);
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      FakeWebSocket.latest().serverCloses(1006);
      await flushPromises();

      expect(messagesApi.roomChecks).toBe(1);
      expect(room.status.value).toEqual({ state: 'fatal', code: NOT_FOUND_AT_UPGRADE, reason: ROOM_NOT_FOUND_REASON });
      vi.advanceTimersByTime(60_000);
      expect(FakeWebSocket.instances).toHaveLength(2);
    });

    it('keeps trying when the room is there (the server is just unreachable for now)', async () => {
      const { room, messagesApi } = setup();
      FakeWebSocket.latest().serverCloses(1006);
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      FakeWebSocket.latest().serverCloses(1006);
      await flushPromises();

      expect(messagesApi.roomChecks).toBe(1);
      expect(room.status.value).toMatchObject({ state: 'reconnecting' });
      vi.advanceTimersByTime(RECONNECT_DELAY_MS);
      expect(FakeWebSocket.instances).toHaveLength(3);
    });
  });

  it('closes the socket when its scope ends', () => {
    const { scope } = setup();
    const socket = serverGreets();
    scope.stop();
    expect(socket.closedByClient).toBe(CloseCode.Normal);
  });
});
