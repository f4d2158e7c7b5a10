import { describe, expect, it } from 'vitest';
import { formatRelativeTime, formatTimeLeft, formatUntil } from './time';

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

describe('formatUntil', () => {
  it('gives only the time for later today, and the date too for another day', () => {
    const laterToday = new Date(NOW + 3_600_000).toISOString();
    const nextWeek = new Date(NOW + 7 * 24 * 3_600_000).toISOString();
    expect(formatUntil(laterToday, NOW, 'en-GB')).toBe(
      new Date(laterToday).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }),
    );
    expect(formatUntil(nextWeek, NOW, 'en-GB')).toBe(
      new Date(nextWeek).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
    );
    expect(formatUntil(nextWeek, NOW, 'en-GB')).not.toBe(formatUntil(laterToday, NOW, 'en-GB'));
  });
});

describe('formatTimeLeft', () => {
  const inMs = (ms: number) => new Date(NOW + ms).toISOString();

  it.each([
    [30_000, '1 minute left'],
    [10 * 60_000, '10 minutes left'],
    [90 * 60_000, '2 hours left'],
    [23.5 * 3_600_000, '24 hours left'],
    [24 * 3_600_000, '1 day left'],
    [3 * 24 * 3_600_000 + 1, '4 days left'],
  ])('says %i ms ahead is "%s", rounded up', (ahead, expected) => {
    expect(formatTimeLeft(inMs(ahead), NOW)).toBe(expected);
  });

  it('says a ban without an end is for good, and one past its end is ending', () => {
    expect(formatTimeLeft(null, NOW)).toBe('for good');
    expect(formatTimeLeft(inMs(-1), NOW)).toBe('ending now');
  });
});
