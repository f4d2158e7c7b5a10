/** How long a gap may wait for the missing events to arrive by pub/sub before they are read from the room's log. */
export const GAP_GRACE_MS = 30;
export const FILL_RETRY_MS = 1_000;
/** Events held past a gap; beyond it new arrivals are dropped, since the fill reads them from the log anyway. */
export const MAX_WAITING = 10_000;

export interface LogPage<T> {
  events: T[];
  hasMore: boolean;
}

/**
 * Puts one room's timeline events, arriving from this instance and from others over pub/sub, back in seq order: each
 * seq is delivered once, in order, with no gap. A gap (an event still in flight, lost by pub/sub, published while
 * Redis was away, or stored by a commit whose sender timed out) is filled from the log before anything after it.
 */
export class RoomSequencer<T extends { seq: number }> {
  private readonly waiting = new Map<number, T>();
  private filling = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private lastSeq: number,
    private readonly deliver: (events: T[]) => void,
    private readonly readAfter: (seq: number) => Promise<LogPage<T>>,
    private readonly onReadFailed: (error: unknown) => void,
  ) {}

  offer(event: T): void {
    if (this.stopped || event.seq <= this.lastSeq) return;
    if (this.waiting.size < MAX_WAITING) this.waiting.set(event.seq, event);
    this.release();
    this.scheduleFill(GAP_GRACE_MS);
  }

  /** Events waiting behind a gap. */
  get heldCount(): number {
    return this.waiting.size;
  }

  /** Reads whatever was stored after the last delivered seq: after a pub/sub outage nothing else would tell. */
  catchUp(): Promise<void> {
    return this.fill();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    this.waiting.clear();
  }

  private release(): void {
    const ready: T[] = [];
    for (let next = this.waiting.get(this.lastSeq + 1); next; next = this.waiting.get(this.lastSeq + 1)) {
      this.waiting.delete(next.seq);
      this.lastSeq = next.seq;
      ready.push(next);
    }
    if (ready.length > 0) this.deliver(ready);
  }

  /** While something waits behind a gap (or a read failed), a fill is due after `delay`; otherwise none is. */
  private scheduleFill(delay: number, evenIfNothingWaits = false): void {
    if (this.waiting.size === 0 && !evenIfNothingWaits) {
      this.clearTimer();
      return;
    }
    if (this.filling || this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fill().catch((error: unknown) => this.onReadFailed(error));
    }, delay);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async fill(): Promise<void> {
    if (this.filling || this.stopped) return;
    this.filling = true;
    this.clearTimer();
    let failed = false;
    try {
      for (;;) {
        const page = await this.readAfter(this.lastSeq);
        if (this.stopped) return;
        for (const event of page.events) if (event.seq > this.lastSeq) this.waiting.set(event.seq, event);
        this.release();
        if (!page.hasMore) break;
      }
    } catch (error) {
      this.onReadFailed(error);
      failed = true;
    } finally {
      this.filling = false;
    }
    // A failed read is retried whatever waits; after a good one, events that arrived during the read may sit behind
    // a gap it did not cover, and get their own grace period.
    if (failed) this.scheduleFill(FILL_RETRY_MS, true);
    else this.scheduleFill(GAP_GRACE_MS);
  }
}
