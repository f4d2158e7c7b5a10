import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from './time';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('formatRelativeTime', () => {
  it.each([
    [30_000, 'just now'],
    [5 * 60_000, '5 minutes ago'],
    [3 * 3_600_000, '3 hours ago'],
    [24 * 3_600_000, 'yesterday'],
    [3 * 24 * 3_600_000, '3 days ago'],
  ])('says %i ms ago is "%s"', (elapsed, expected) => {
    expect(formatRelativeTime(ago(elapsed), NOW, 'en')).toBe(expected);
  });

  it('gives the date past a week', () => {
    expect(formatRelativeTime('2025-05-01T12:00:00.000Z', NOW, 'en-US')).toBe(
      new Date('2025-05-01T12:00:00.000Z').toLocaleDateString('en-US'),
    );
  });
});
