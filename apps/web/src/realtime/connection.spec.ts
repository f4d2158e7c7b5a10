import { CloseCode, type ServerFrame } from '@parley/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import { history } from '../testing/factories';
import { RoomConnection, roomSocketUrl, socketOriginOf, type ConnectionStatus } from './connection';

const DELAY_MS = 1000;

function connect(since: () => number | undefined = () => undefined) {
  const statuses: ConnectionStatus[] = [];
  const frames: ServerFrame[] = [];
  const delays: number[] = [];
  const connection = new RoomConnection({
    socketOrigin: 'ws://chat.test',
    room: 'general',
    username: 'Ali',
    since,
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
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

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('roomSocketUrl', () => {
  it('puts the room in the path and username and since in the query, escaped', () => {
    expect(roomSocketUrl('wss://x.test', 'general', 'Ali & Bea', 41)).toBe(
      'wss://x.test/ws/general?username=Ali+%26+Bea&since=41',
    );
  });

  it('leaves since out when there is none', () => {
    expect(roomSocketUrl('ws://x.test', 'general', 'Ali')).toBe('ws://x.test/ws/general?username=Ali');
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
});
