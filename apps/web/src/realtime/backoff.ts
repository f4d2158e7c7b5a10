export interface BackoffPolicy {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** The ceiling stops doubling here. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, maxMs: 10_000 };

/**
 * Delay before reconnect attempt `attempt` (0 for the first retry): the ceiling doubles from `baseMs` up to
 * `maxMs`, and the delay is drawn from its upper half. The jitter spreads out clients that all lost the same
 * server at once; keeping the lower half out means no client retries instantly in a tight loop.
 */
export function reconnectDelay(
  attempt: number,
  random: () => number = Math.random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
