/** Latency samples in milliseconds, summarised once at the end of a scenario. */
export class Latencies {
  private readonly samples: number[] = [];
  private sorted: number[] | null = null;

  add(ms: number): void {
    this.samples.push(ms);
    this.sorted = null;
  }

  get count(): number {
    return this.samples.length;
  }

  percentile(p: number): number {
    if (this.samples.length === 0) return NaN;
    const sorted = (this.sorted ??= [...this.samples].sort((a, b) => a - b));
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }

  max(): number {
    return this.samples.reduce((max, value) => Math.max(max, value), this.samples.length ? -Infinity : NaN);
  }
}

/** What a scenario saw of every delivery: the generator checks each one against what was sent. */
export class DeliveryLedger {
  /** This window's latencies; see newWindow. */
  latency = new Latencies();
  expected = 0;
  received = 0;
  duplicates = 0;
  misrouted = 0;
  private readonly seen = new Map<string, Set<number>>();

  /** A message was sent into a room of `audience` clients (the sender among them). */
  sent(audience: number): void {
    this.expected += audience;
  }

  /** Client `receiver` in `room` got message `id` of `sentRoom`, sent at `sentAt` (performance.now()). */
  delivered(receiver: string, room: string, sentRoom: string, id: number, sentAt: number): void {
    if (room !== sentRoom) {
      this.misrouted += 1;
      return;
    }
    let ids = this.seen.get(receiver);
    if (!ids) this.seen.set(receiver, (ids = new Set()));
    if (ids.has(id)) {
      this.duplicates += 1;
      return;
    }
    ids.add(id);
    this.received += 1;
    this.latency.add(performance.now() - sentAt);
  }

  /**
   * Starts the latencies of a new window (one point of a load curve) over the same clients: loss, duplicates and
   * misroutes keep being counted over the whole run.
   */
  newWindow(): void {
    this.latency = new Latencies();
  }

  get lost(): number {
    return this.expected - this.received;
  }
}
