import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, reconnectDelay } from './backoff';

const lowest = () => 0;
const highest = () => 0.999_999;

describe('reconnectDelay', () => {
  it('starts between a quarter and half a second', () => {
    expect(reconnectDelay(0, lowest)).toBe(250);
    expect(reconnectDelay(0, highest)).toBe(500);
  });

  it('doubles its ceiling with each attempt', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => reconnectDelay(attempt, highest))).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('never exceeds the maximum, however many attempts failed', () => {
    expect(reconnectDelay(5, highest)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(reconnectDelay(50, highest)).toBe(DEFAULT_BACKOFF.maxMs);
    expect(reconnectDelay(5000, highest)).toBe(DEFAULT_BACKOFF.maxMs);
  });

  it('spreads clients out: different random draws give different delays', () => {
    expect(reconnectDelay(3, () => 0.1)).not.toBe(reconnectDelay(3, () => 0.9));
  });

  it('follows a custom policy', () => {
    expect(reconnectDelay(2, highest, { baseMs: 100, maxMs: 300 })).toBe(300);
  });
});
