import { monotonicNow, TokenBucket } from './token-bucket.js';

/**
 * A connection is closed for flooding only when it keeps sending over the limit for this long: a burst (a paste, an
 * outbox flushing after being offline) is refused in part and then goes on, a sustained flood does not.
 */
export const SUSTAINED_FLOOD_MS = 10_000;
/** Refusals further apart than this are separate bursts, not one flood. */
const FLOOD_GAP_MS = 2_000;

export type SendVerdict = { accepted: true } | { accepted: false; retryAfterMs: number; flooding: boolean };

/**
 * The rate rule of one connection's messages: a token bucket (`burst` at once, `perSecond` sustained) whose excess is
 * refused, and the flood rule: refusals that keep coming, none more than FLOOD_GAP_MS after the one before, for
 * SUSTAINED_FLOOD_MS make the connection a flooder. The bucket is per connection and on the hot path of every
 * message, so it is a few arithmetic operations rather than a call into a (promise-based) rate-limit store.
 */
export class SendRatePolicy {
  private readonly bucket: TokenBucket;
  private floodStartedAt: number | null = null;
  private lastRefusalAt = Number.NEGATIVE_INFINITY;

  constructor(
    burst: number,
    perSecond: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.bucket = new TokenBucket(burst, perSecond, now);
  }

  take(): SendVerdict {
    if (this.bucket.take()) return { accepted: true };
    const now = this.now();
    if (this.floodStartedAt === null || now - this.lastRefusalAt > FLOOD_GAP_MS) this.floodStartedAt = now;
    this.lastRefusalAt = now;
    return {
      accepted: false,
      retryAfterMs: this.bucket.msUntilNextToken(),
      flooding: now - this.floodStartedAt >= SUSTAINED_FLOOD_MS,
    };
  }
}
