import { CloseCode, ErrorCode } from '@parley/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { myRoom } from '../testing/factories';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import { flushPromises, RECONNECT_DELAY_MS, serverGreets, setup } from '../testing/roomHarness';
import { GUESTS_REFUSED_REASON } from './useRoom';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
const inMinutes = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useRoom while muted', () => {
  it('is muted from a `muted` frame until its time passes, then by itself no more', () => {
    const { room } = setup();
    const socket = serverGreets();
    socket.serverSends({ event: 'muted', data: { until: inMinutes(10) } });
    expect(room.mutedUntil.value).toBe(inMinutes(10));

    vi.advanceTimersByTime(10 * 60_000 - 1);
    expect(room.mutedUntil.value).toBe(inMinutes(10));
    vi.advanceTimersByTime(1);
    expect(room.mutedUntil.value).toBeNull();
  });

  it('is no longer muted when the server lifts the mute early', () => {
    const { room } = setup();
    const socket = serverGreets();
    socket.serverSends({ event: 'muted', data: { until: inMinutes(60) } });
    socket.serverSends({ event: 'muted', data: { until: null } });
    expect(room.mutedUntil.value).toBeNull();
  });

  it('stays muted past the longest wait a timer takes (a 30-day mute)', () => {
    const { room } = setup();
    const socket = serverGreets();
    socket.serverSends({ event: 'muted', data: { until: inMinutes(30 * 24 * 60) } });
    vi.advanceTimersByTime(25 * 24 * 3_600_000);
    expect(room.mutedUntil.value).toBe(inMinutes(30 * 24 * 60));
    vi.advanceTimersByTime(5 * 24 * 3_600_000);
    expect(room.mutedUntil.value).toBeNull();
  });

  it('learns it from a MUTED refusal of a message, which fails with the reason rather than raising an alert', () => {
    const { room } = setup();
    const socket = serverGreets();
    room.send('hello');
    const refusal = {
      code: ErrorCode.Muted,
      message: 'You are muted here',
      clientId: 'client-1',
      retryAfterMs: 90_000,
    };
    socket.serverSends({ event: 'error', data: refusal });

    expect(room.mutedUntil.value).toBe(new Date(NOW + 90_000).toISOString());
    expect(room.outbox.value[0]).toMatchObject({ status: 'failed', error: 'You are muted here' });
    expect(room.serverError.value).toBeNull();
  });

  it('raises no alert for a MUTED refusal of what carries no clientId (typing)', () => {
    const { room } = setup();
    const socket = serverGreets();
    socket.serverSends({ event: 'error', data: { code: ErrorCode.Muted, message: 'Muted', retryAfterMs: 5_000 } });
    expect(room.serverError.value).toBeNull();
    expect(room.mutedUntil.value).toBe(new Date(NOW + 5_000).toISOString());
  });

  it('keeps the later end when a refusal says less than the frame did', () => {
    const { room } = setup();
    const socket = serverGreets();
    socket.serverSends({ event: 'muted', data: { until: inMinutes(60) } });
    socket.serverSends({ event: 'error', data: { code: ErrorCode.Muted, message: 'Muted', retryAfterMs: 1_000 } });
    expect(room.mutedUntil.value).toBe(inMinutes(60));
  });

  it('forgets the mute on a new socket, whose server says again if it still holds', async () => {
    const { room } = setup();
    serverGreets().serverSends({ event: 'muted', data: { until: inMinutes(60) } });
    FakeWebSocket.latest().serverCloses(1006);
    vi.advanceTimersByTime(RECONNECT_DELAY_MS);
    expect(room.mutedUntil.value).toBe(inMinutes(60));

    FakeWebSocket.latest().serverOpens();
    await flushPromises();
    expect(room.mutedUntil.value).toBeNull();
  });
});

describe('useRoom in a room closed to guests', () => {
  it('stops trying and says why once the room says guests are kept out', async () => {
    const { room, messagesApi } = setup();
    messagesApi.roomAnswer = myRoom('general', { guests: false });
    FakeWebSocket.latest().serverCloses(1006);
    vi.advanceTimersByTime(RECONNECT_DELAY_MS);
    FakeWebSocket.latest().serverCloses(1006);
    await flushPromises();

    expect(room.status.value).toEqual({ state: 'fatal', code: CloseCode.Unauthorized, reason: GUESTS_REFUSED_REASON });
  });
});
