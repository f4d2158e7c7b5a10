import { CloseCode } from '@parley/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import { history } from '../testing/factories';
import { myRoom } from '../testing/factories';
import {
  FAILED_OPENS_BEFORE_CHECK,
  IDLE_BEFORE_PING_MS,
  NOT_FOUND_AT_UPGRADE,
  PONG_TIMEOUT_MS,
  RoomConnection,
  roomSocketUrl,
  socketOriginOf,
  UserStreamConnection,
  userStreamUrl,
  type ConnectionRefusal,
  type ConnectionStatus,
  type RoomFrame,
  type SocketCredential,
  type UserStreamUpdate,
} from './connection';

const DELAY_MS = 1000;

function connect(
  since: () => number | undefined = () => undefined,
  credential: SocketCredential = { kind: 'guest', username: 'Ali' },
  checkRefusal?: () => Promise<ConnectionRefusal | null>,
) {
  const statuses: ConnectionStatus[] = [];
  const frames: RoomFrame[] = [];
  const delays: number[] = [];
  const connection = new RoomConnection({
    socketOrigin: 'ws://chat.test',
    room: 'general',
    credential,
    since,
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    checkRefusal,
    WebSocket: FakeWebSocket,
    reconnectDelay: (attempt) => {
      delays.push(attempt);
      return DELAY_MS * 2 ** attempt;
    },
    now: () => 0,
  });
  connection.start();
  return { connection, statuses, frames, delays, lastStatus: () => statuses.at(-1) };
}

async function flushPromises() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('roomSocketUrl', () => {
  it('puts the room in the path and username and since in the query, escaped', () => {
    expect(roomSocketUrl('wss://x.test', 'general', { username: 'Ali & Bea' }, 41)).toBe(
      'wss://x.test/ws/general?username=Ali+%26+Bea&since=41',
    );
  });

  it('leaves since out when there is none', () => {
    expect(roomSocketUrl('ws://x.test', 'general', { username: 'Ali' })).toBe('ws://x.test/ws/general?username=Ali');
  });

  it("carries a signed-in user's ticket instead of a name", () => {
    expect(roomSocketUrl('ws://x.test', 'general', { ticket: 't/1+2' }, 5)).toBe(
      'ws://x.test/ws/general?ticket=t%2F1%2B2&since=5',
    );
  });

  it("puts the user stream's ticket in its query", () => {
    expect(userStreamUrl('wss://x.test', 't/1')).toBe('wss://x.test/ws/~me?ticket=t%2F1');
  });

  it('uses wss on an https page', () => {
    expect(socketOriginOf({ protocol: 'https:', host: 'parley.test' })).toBe('wss://parley.test');
    expect(socketOriginOf({ protocol: 'http:', host: 'localhost:5173' })).toBe('ws://localhost:5173');
  });
});

describe('RoomConnection', () => {
  it('reports connecting, then connected when the socket opens, and hands frames over', () => {
    const { statuses, frames } = connect();
    FakeWebSocket.latest().serverOpens();
    FakeWebSocket.latest().serverSends({ event: 'presence', data: { users: ['Ali'] } });

    expect(statuses).toEqual([{ state: 'connecting' }, { state: 'connected' }]);
    expect(frames).toEqual([{ event: 'presence', data: { users: ['Ali'] } }]);
  });

  it('ignores frames it cannot read', () => {
    const { frames } = connect();
    FakeWebSocket.latest().serverOpens();
    FakeWebSocket.latest().onmessage?.(new MessageEvent('message', { data: 'not json' }));
    expect(frames).toEqual([]);
  });

  it('after 1001 reconnects once the backoff delay has passed, asking for messages since the last seq', () => {
    let lastSeq = 7;
    const { lastStatus } = connect(() => lastSeq);
    const first = FakeWebSocket.latest();
    first.serverOpens();
    lastSeq = 12;

    first.serverCloses(CloseCode.GoingAway);
    expect(lastStatus()).toEqual({ state: 'reconnecting', attempt: 0, retryAt: DELAY_MS });

    vi.advanceTimersByTime(DELAY_MS - 1);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.latest().query.get('since')).toBe('12');
    expect(FakeWebSocket.latest().query.get('username')).toBe('Ali');
  });

  it('backs off further with each failed attempt and starts over once a server frame arrives', () => {
    const { delays } = connect();
    FakeWebSocket.latest().serverCloses(1006);
    vi.advanceTimersByTime(DELAY_MS);
    FakeWebSocket.latest().serverCloses(1006);
    vi.advanceTimersByTime(2 * DELAY_MS);
    expect(delays).toEqual([0, 1]);

    const third = FakeWebSocket.latest();
    third.serverOpens();
    third.serverSends({ event: 'history', data: history([]) });
    third.serverCloses(CloseCode.SlowConsumer);
    expect(delays).toEqual([0, 1, 0]);
  });

  it.each([CloseCode.InvalidRoom, CloseCode.InvalidUsername])('on fatal close %i never reconnects', (code) => {
    const { lastStatus } = connect();
    FakeWebSocket.latest().serverOpens();
    FakeWebSocket.latest().serverCloses(code, 'no such thing');

    expect(lastStatus()).toEqual({ state: 'fatal', code, reason: 'no such thing' });
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('explains a fatal close the server gave no reason for', () => {
    const { lastStatus } = connect();
    FakeWebSocket.latest().serverCloses(CloseCode.InvalidRoom);
    expect(lastStatus()).toMatchObject({ state: 'fatal', reason: 'This room name is not valid.' });
  });

  it('reconnects after a slow-consumer close', () => {
    connect();
    FakeWebSocket.latest().serverOpens();
    FakeWebSocket.latest().serverCloses(CloseCode.SlowConsumer);
    vi.advanceTimersByTime(DELAY_MS);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('sends only while open and says so', () => {
    const { connection } = connect();
    const frame = { event: 'message', data: { content: 'hi', clientId: 'c1' } } as const;
    expect(connection.send(frame)).toBe(false);
    FakeWebSocket.latest().serverOpens();
    expect(connection.send(frame)).toBe(true);
    expect(FakeWebSocket.latest().sentFrames).toEqual([frame]);
  });

  it('once closed by the caller, closes the socket normally and stays closed', () => {
    const { connection, lastStatus } = connect();
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    connection.close();

    expect(socket.closedByClient).toBe(CloseCode.Normal);
    expect(lastStatus()).toEqual({ state: 'closed' });
    socket.serverCloses(CloseCode.GoingAway);
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('cancels a pending reconnect when closed by the caller', () => {
    const { connection } = connect();
    FakeWebSocket.latest().serverCloses(CloseCode.GoingAway);
    connection.close();
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  describe('on a socket that stops answering', () => {
    const PING = { event: 'ping', data: {} };
    /** The longest a dead socket may go unnoticed, reconnect delay included. */
    const DETECTION_LIMIT_MS = 45_000;

    function openWithHistory(lastSeq: { value: number }) {
      const connection = connect(() => lastSeq.value);
      const socket = FakeWebSocket.latest();
      socket.serverOpens();
      socket.serverSends({ event: 'history', data: history([]) });
      return { ...connection, socket };
    }

    it('pings after a silence, and stays when the server answers', () => {
      const { socket, frames } = openWithHistory({ value: 3 });

      vi.advanceTimersByTime(IDLE_BEFORE_PING_MS - 1);
      expect(socket.sentFrames).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(socket.sentFrames).toEqual([PING]);

      // A server that answers every ping, for a few minutes of a quiet room.
      let answered = 0;
      for (let second = 0; second < 180; second++) {
        while (answered < socket.sent.length) {
          answered++;
          socket.serverSends({ event: 'pong', data: {} });
        }
        vi.advanceTimersByTime(1000);
      }

      expect(socket.sentFrames.length).toBeGreaterThanOrEqual(180_000 / (IDLE_BEFORE_PING_MS + 1000));
      expect(socket.sentFrames.every((frame) => JSON.stringify(frame) === JSON.stringify(PING))).toBe(true);
      expect(FakeWebSocket.instances).toHaveLength(1);
      expect(socket.closedByClient).toBeUndefined();
      expect(frames.map((frame) => frame.event)).toEqual(['history']);
    });

    it('counts any frame as a sign of life, and pings only after the room went quiet', () => {
      const { socket } = openWithHistory({ value: 3 });
      for (let second = 0; second < 60; second++) {
        vi.advanceTimersByTime(1000);
        socket.serverSends({ event: 'presence', data: { users: ['Ali'] } });
      }
      expect(socket.sentFrames).toEqual([]);
      expect(FakeWebSocket.instances).toHaveLength(1);
    });

    it('is dropped and replaced within 45 s, reconnecting with since', () => {
      const lastSeq = { value: 3 };
      const { socket, lastStatus } = openWithHistory(lastSeq);
      lastSeq.value = 9;

      vi.advanceTimersByTime(IDLE_BEFORE_PING_MS + PONG_TIMEOUT_MS - 1);
      expect(socket.closedByClient).toBeUndefined();
      expect(lastStatus()).toEqual({ state: 'connected' });
      vi.advanceTimersByTime(1);
      expect(socket.closedByClient).toBe(CloseCode.Normal);
      expect(lastStatus()).toMatchObject({ state: 'reconnecting', attempt: 0 });

      vi.advanceTimersByTime(DELAY_MS);
      expect(IDLE_BEFORE_PING_MS + PONG_TIMEOUT_MS + DELAY_MS).toBeLessThanOrEqual(DETECTION_LIMIT_MS);
      expect(FakeWebSocket.instances).toHaveLength(2);
      expect(FakeWebSocket.latest().query.get('since')).toBe('9');
    });

    it('ignores the late close of the socket it dropped', () => {
      const { socket } = openWithHistory({ value: 3 });
      vi.advanceTimersByTime(IDLE_BEFORE_PING_MS + PONG_TIMEOUT_MS + DELAY_MS);
      const replacement = FakeWebSocket.latest();
      replacement.serverOpens();

      socket.serverCloses(1006);
      vi.advanceTimersByTime(DELAY_MS);
      expect(FakeWebSocket.instances).toHaveLength(2);
    });

    it('gives up on a socket that never opens', () => {
      connect();
      vi.advanceTimersByTime(IDLE_BEFORE_PING_MS);
      expect(FakeWebSocket.latest().closedByClient).toBe(CloseCode.Normal);
      vi.advanceTimersByTime(DELAY_MS);
      expect(FakeWebSocket.instances).toHaveLength(2);
    });

    it('stops watching once closed by the caller', () => {
      const { connection, socket } = openWithHistory({ value: 3 });
      connection.close();
      vi.advanceTimersByTime(2 * DETECTION_LIMIT_MS);
      expect(socket.sentFrames).toEqual([]);
      expect(FakeWebSocket.instances).toHaveLength(1);
    });
  });

  describe('as a signed-in user', () => {
    /** Hands out ticket-1, ticket-2… one per fetch, each fetch answered when the test says. */
    function ticketDesk() {
      const pending: { resolve: (ticket: string) => void; reject: (error: Error) => void }[] = [];
      let answered = 0;
      return {
        credential: {
          kind: 'user',
          fetchTicket: () => new Promise<string>((resolve, reject) => pending.push({ resolve, reject })),
        } satisfies SocketCredential,
        get fetches() {
          return answered + pending.length;
        },
        async issue(): Promise<void> {
          pending.shift()?.resolve(`ticket-${++answered}`);
          await Promise.resolve();
        },
        async fail(): Promise<void> {
          pending.shift()?.reject(new Error('offline'));
          answered++;
          await Promise.resolve();
        },
      };
    }

    it('fetches a ticket before opening the socket, and opens it with that ticket and no name', async () => {
      const desk = ticketDesk();
      const { lastStatus } = connect(() => 4, desk.credential);
      expect(lastStatus()).toEqual({ state: 'connecting' });
      expect(FakeWebSocket.instances).toHaveLength(0);

      await desk.issue();
      expect(FakeWebSocket.instances).toHaveLength(1);
      expect(FakeWebSocket.latest().query.get('ticket')).toBe('ticket-1');
      expect(FakeWebSocket.latest().query.get('since')).toBe('4');
      expect(FakeWebSocket.latest().query.has('username')).toBe(false);
    });

    it('fetches a fresh ticket for every reconnect, also after a refused upgrade (1006)', async () => {
      const desk = ticketDesk();
      connect(() => undefined, desk.credential);
      await desk.issue();
      FakeWebSocket.latest().serverOpens();
      FakeWebSocket.latest().serverCloses(CloseCode.GoingAway);

      vi.advanceTimersByTime(DELAY_MS);
      expect(desk.fetches).toBe(2);
      await desk.issue();
      expect(FakeWebSocket.latest().query.get('ticket')).toBe('ticket-2');

      // The upgrade was refused with HTTP 401: the browser reports a close without a code.
      FakeWebSocket.latest().serverCloses(1006);
      vi.advanceTimersByTime(2 * DELAY_MS);
      await desk.issue();
      expect(FakeWebSocket.instances.map((socket) => socket.query.get('ticket'))).toEqual([
        'ticket-1',
        'ticket-2',
        'ticket-3',
      ]);
    });

    it('counts a failed ticket fetch as a failed attempt and tries again after the backoff', async () => {
      const desk = ticketDesk();
      const { lastStatus, delays } = connect(() => undefined, desk.credential);
      await desk.fail();
      expect(lastStatus()).toEqual({ state: 'reconnecting', attempt: 0, retryAt: DELAY_MS });
      expect(FakeWebSocket.instances).toHaveLength(0);

      vi.advanceTimersByTime(DELAY_MS);
      await desk.fail();
      expect(delays).toEqual([0, 1]);
      vi.advanceTimersByTime(2 * DELAY_MS);
      await desk.issue();
      expect(FakeWebSocket.latest().query.get('ticket')).toBe('ticket-3');
    });

    it('opens no socket with a ticket that arrives after it was closed', async () => {
      const desk = ticketDesk();
      const { connection, lastStatus } = connect(() => undefined, desk.credential);
      connection.close();
      await desk.issue();
      expect(FakeWebSocket.instances).toHaveLength(0);
      expect(lastStatus()).toEqual({ state: 'closed' });
    });

    it.each([
      [CloseCode.Unauthorized, 'Your session ended: sign in again.'],
      [CloseCode.NameTaken, 'This name belongs to a registered user: sign in to use it.'],
    ])('on close %i stops for good, explaining it when the server did not', async (code, reason) => {
      const desk = ticketDesk();
      const { lastStatus } = connect(() => undefined, desk.credential);
      await desk.issue();
      FakeWebSocket.latest().serverOpens();
      FakeWebSocket.latest().serverCloses(code);

      expect(lastStatus()).toEqual({ state: 'fatal', code, reason });
      vi.advanceTimersByTime(60_000);
      expect(desk.fetches).toBe(1);
    });
  });
});

describe('RoomConnection when sockets keep failing before any frame', () => {
  const NOT_FOUND: ConnectionRefusal = { code: NOT_FOUND_AT_UPGRADE, reason: 'No such room' };

  async function failingOpens(count: number) {
    for (let failure = 0; failure < count; failure++) {
      FakeWebSocket.latest().serverCloses(1006);
      await flushPromises();
      vi.advanceTimersByTime(DELAY_MS * 2 ** failure);
    }
  }

  it(`asks why after ${FAILED_OPENS_BEFORE_CHECK} in a row, and stops for good on a refusal`, async () => {
    let checks = 0;
    const { lastStatus } = connect(undefined, undefined, async () => {
      checks++;
      return NOT_FOUND;
    });
    await failingOpens(FAILED_OPENS_BEFORE_CHECK - 1);
    await flushPromises();
    expect(checks).toBe(0);

    FakeWebSocket.latest().serverCloses(1006);
    await flushPromises();
    expect(checks).toBe(1);
    expect(lastStatus()).toEqual({ state: 'fatal', ...NOT_FOUND });
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(FAILED_OPENS_BEFORE_CHECK);
  });

  it('goes on reconnecting when the check finds nothing wrong (or fails itself)', async () => {
    const answers: (ConnectionRefusal | null | Error)[] = [null, new Error('offline')];
    const { lastStatus } = connect(undefined, undefined, async () => {
      const answer = answers.shift() ?? null;
      if (answer instanceof Error) throw answer;
      return answer;
    });
    await failingOpens(FAILED_OPENS_BEFORE_CHECK + 1);
    await flushPromises();
    expect(answers).toEqual([]);
    expect(lastStatus()).toMatchObject({ state: 'connecting' });
    expect(FakeWebSocket.instances).toHaveLength(FAILED_OPENS_BEFORE_CHECK + 2);
  });

  it('never asks while sockets get frames before they close', async () => {
    let checks = 0;
    connect(undefined, undefined, async () => {
      checks++;
      return NOT_FOUND;
    });
    for (let round = 0; round < 4; round++) {
      const socket = FakeWebSocket.latest();
      socket.serverOpens();
      socket.serverSends({ event: 'history', data: history([]) });
      socket.serverCloses(CloseCode.GoingAway);
      vi.advanceTimersByTime(DELAY_MS);
    }
    await flushPromises();
    expect(checks).toBe(0);
  });

  it('keeps a socket that got a frame while the check was on its way', async () => {
    let answer: (refusal: ConnectionRefusal) => void = () => {};
    const { lastStatus } = connect(undefined, undefined, () => new Promise((resolve) => (answer = resolve)));
    await failingOpens(FAILED_OPENS_BEFORE_CHECK);
    const socket = FakeWebSocket.latest();
    socket.serverOpens();
    socket.serverSends({ event: 'history', data: history([]) });
    answer(NOT_FOUND);
    await flushPromises();

    expect(lastStatus()).toEqual({ state: 'connected' });
    expect(socket.closedByClient).toBeUndefined();
  });

  it('stops with the reason of a 4403 close (removed from the room)', () => {
    const { lastStatus } = connect();
    FakeWebSocket.latest().serverOpens();
    FakeWebSocket.latest().serverCloses(CloseCode.RemovedFromRoom);
    expect(lastStatus()).toEqual({
      state: 'fatal',
      code: CloseCode.RemovedFromRoom,
      reason: 'You are no longer a member of this room.',
    });
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});

describe('UserStreamConnection', () => {
  it('opens /ws/~me with a fresh ticket each time, hands over its frames but pong, and answers silence with ping', async () => {
    let tickets = 0;
    const frames: UserStreamUpdate[] = [];
    const statuses: ConnectionStatus[] = [];
    const stream = new UserStreamConnection({
      socketOrigin: 'ws://chat.test',
      fetchTicket: async () => `ticket-${++tickets}`,
      onFrame: (frame) => frames.push(frame),
      onStatus: (status) => statuses.push(status),
      WebSocket: FakeWebSocket,
      reconnectDelay: () => DELAY_MS,
    });
    stream.start();
    await flushPromises();
    const socket = FakeWebSocket.latest();
    expect(socket.url).toBe('ws://chat.test/ws/~me?ticket=ticket-1');

    socket.serverOpens();
    socket.serverSends({ event: 'my_room', data: myRoom('general') });
    socket.serverSends({ event: 'pong', data: {} });
    expect(frames).toEqual([{ event: 'my_room', data: myRoom('general') }]);

    vi.advanceTimersByTime(IDLE_BEFORE_PING_MS);
    expect(socket.sentFrames).toEqual([{ event: 'ping', data: {} }]);

    socket.serverCloses(CloseCode.GoingAway);
    vi.advanceTimersByTime(DELAY_MS);
    await flushPromises();
    expect(FakeWebSocket.latest().url).toBe('ws://chat.test/ws/~me?ticket=ticket-2');
    stream.close();
    expect(statuses.at(-1)).toEqual({ state: 'closed' });
  });
});
