/** Milliseconds on a clock that never goes back; one function for every bucket (a connection holds two of these). */
export const monotonicNow = (): number => performance.now();

/** Rate limit of one connection: `burst` messages at once, refilled at `perSecond`; either being 0 disables it. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.tokens = burst;
    this.refilledAt = this.now();
  }

  get enabled(): boolean {
    return this.burst > 0 && this.perSecond > 0;
  }

  /** Takes one token; false when none is left (the message must be refused). */
  take(): boolean {
    if (!this.enabled) return true;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** How long until `take` would succeed: 0 when a token is there now. */
  msUntilNextToken(): number {
    if (!this.enabled) return 0;
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
  }
}
