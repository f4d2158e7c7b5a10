import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { markAcked, nextToSend, type OutgoingMessage } from './outbox';
import { FALLBACK_RETRY_AFTER_MS, OutboxPacer, PACE_MARGIN_MS } from './outboxPacer';

const entry = (clientId: string): OutgoingMessage => ({
  clientId,
  content: `content of ${clientId}`,
  createdAt: '2025-01-01T10:00:00.000Z',
  status: 'sending',
});

/** A pacer over an outbox of `clientIds`, recording what it put on the socket and when it said it was throttled. */
function setup(...clientIds: string[]) {
  let outbox = clientIds.map(entry);
  const sent: string[] = [];
  const throttled: boolean[] = [];
  const pacer = new OutboxPacer({
    nextToSend: () => nextToSend(outbox),
    transmit: (next) => {
      sent.push(next.clientId);
      return true;
    },
    onThrottled: (value) => throttled.push(value),
  });
  return {
    pacer,
    sent,
    throttled,
    ack(clientId: string) {
      outbox = markAcked(outbox, { clientId, id: `id-${clientId}`, seq: sent.length });
      pacer.answered(clientId);
    },
    queue(clientId: string) {
      outbox = [...outbox, entry(clientId)];
      pacer.pump();
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('OutboxPacer', () => {
  it('sends nothing before the socket is ready, then one message at a time, each after the previous ack', () => {
    const { pacer, sent, ack } = setup('a', 'b', 'c');
    pacer.pump();
    expect(sent).toEqual([]);

    pacer.start();
    expect(sent).toEqual(['a']);
    ack('a');
    expect(sent).toEqual(['a', 'b']);
    ack('b');
    ack('c');
    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('sends a message queued while idle at once', () => {
    const { pacer, sent, queue } = setup();
    pacer.start();
    queue('a');
    expect(sent).toEqual(['a']);
  });

  it('resends a rate-limited message after retryAfterMs, before anything queued after it', () => {
    const { pacer, sent, ack, throttled } = setup('a', 'b');
    pacer.start();
    pacer.rateLimited('a', 300);
    expect(throttled).toEqual([true]);

    vi.advanceTimersByTime(300 + PACE_MARGIN_MS - 1);
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'a']);

    ack('a');
    expect(sent).toEqual(['a', 'a']);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['a', 'a', 'b']);
  });

  it('waits a second when the refusal does not say how long', () => {
    const { pacer, sent } = setup('a');
    pacer.start();
    pacer.rateLimited('a');
    vi.advanceTimersByTime(FALLBACK_RETRY_AFTER_MS + PACE_MARGIN_MS - 1);
    expect(sent).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'a']);
  });

  it('spaces the messages after a refusal by the interval the refusals imply, and stops once drained', () => {
    const { pacer, sent, ack, throttled } = setup('a', 'b', 'c');
    pacer.start();
    vi.advanceTimersByTime(50);
    ack('a');
    // b was sent right after a's ack, 50 ms after a: the server will take one again in 150 ms.
    pacer.rateLimited('b', 150);
    vi.advanceTimersByTime(150 + PACE_MARGIN_MS);
    expect(sent).toEqual(['a', 'b', 'b']);
    ack('b');

    // 50 + 150 ms passed between the two sends it took: c goes 200 ms (and the margin) after b's resend.
    vi.advanceTimersByTime(200 + PACE_MARGIN_MS - 1);
    expect(sent).toEqual(['a', 'b', 'b']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'b', 'b', 'c']);

    expect(throttled).toEqual([true]);
    ack('c');
    expect(throttled).toEqual([true, false]);
  });

  it('forgets the throttle with the socket, and resends what was unanswered first on the next one', () => {
    const { pacer, sent, throttled } = setup('a', 'b');
    pacer.start();
    pacer.rateLimited('a', 5000);
    pacer.stop();
    expect(throttled).toEqual([true, false]);

    vi.advanceTimersByTime(10_000);
    expect(sent).toEqual(['a']);
    pacer.start();
    expect(sent).toEqual(['a', 'a']);
  });

  it('ignores an answer for a message it is not waiting for', () => {
    const { pacer, sent } = setup('a', 'b');
    pacer.start();
    pacer.answered('b');
    expect(sent).toEqual(['a']);
  });
});
