import type { BanRequest } from '@parley/contracts';

/** What a moderator may place on a member from the members panel. */
export type Sanction = 'ban' | 'mute';

/** A length of a mute or a timed ban, as the menus offer it. */
export interface Duration {
  minutes: number;
  label: string;
}

/** What "Mute…" offers: a pause for a heated moment up to a week away (the server takes up to 30 days). */
export const MUTE_DURATIONS: readonly Duration[] = [
  { minutes: 10, label: '10 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 24 * 60, label: '1 day' },
  { minutes: 7 * 24 * 60, label: '1 week' },
];

/** What a ban may last besides for good (no minutes). */
export const BAN_DURATIONS: readonly Duration[] = MUTE_DURATIONS.slice(1);

/** A ban as the moderator chose it: why (may be empty), and for how long. */
export interface BanChoice {
  reason: string;
  /** Undefined: for good. */
  minutes?: number;
}

/** The request for a ban of `username` as chosen: a blank reason is left out, as is the length of a ban for good. */
export function banRequest(username: string, choice: BanChoice): BanRequest {
  const reason = choice.reason.trim();
  return { username, ...(reason && { reason }), ...(choice.minutes !== undefined && { minutes: choice.minutes }) };
}
