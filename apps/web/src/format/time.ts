const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** Hours and minutes in the reader's locale and time zone. */
export function formatClockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Full local date and time, for tooltips. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** "just now", "5 minutes ago", "yesterday"…; past a week, the local date. */
export function formatRelativeTime(iso: string, now: number, locale?: string): string {
  const elapsed = now - new Date(iso).getTime();
  if (elapsed < MINUTE_MS) return 'just now';
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (elapsed < HOUR_MS) return relative.format(-Math.floor(elapsed / MINUTE_MS), 'minute');
  if (elapsed < DAY_MS) return relative.format(-Math.floor(elapsed / HOUR_MS), 'hour');
  if (elapsed < WEEK_MS) return relative.format(-Math.floor(elapsed / DAY_MS), 'day');
  return new Date(iso).toLocaleDateString(locale);
}

/** When something ends: the time alone when that is today, with the date otherwise. */
export function formatUntil(iso: string, now: number, locale?: string): string {
  const end = new Date(iso);
  if (end.toDateString() === new Date(now).toDateString()) {
    return end.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  }
  return end.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How long until `iso` ("45 minutes left", "3 days left"); null `iso` is for good. Rounded up: never "0 left". */
export function formatTimeLeft(iso: string | null, now: number): string {
  if (iso === null) return 'for good';
  const left = new Date(iso).getTime() - now;
  if (left <= 0) return 'ending now';
  if (left < HOUR_MS) return countLeft(Math.ceil(left / MINUTE_MS), 'minute');
  if (left < DAY_MS) return countLeft(Math.ceil(left / HOUR_MS), 'hour');
  return countLeft(Math.ceil(left / DAY_MS), 'day');
}

function countLeft(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} left`;
}
