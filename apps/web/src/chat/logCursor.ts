/**
 * How far this client has followed a room's log: every event (a new message, an edit, a delete, a reaction) up to
 * `since` has been applied, so a reconnect with `since` misses nothing and repeats little.
 *
 * Message seqs skip the numbers changes took, so the messages held say nothing about it: the cursor is moved by the
 * log itself. A history frame sets it to its `lastSeq`. When that history was cut short (`hasMore`), the events
 * between it and the live stream are paged in over REST while the live stream already runs: live frames then move
 * the cursor only once the paging has caught up with them, since a reconnect in the meantime must still ask for the
 * events not paged yet.
 */
export class LogCursor {
  private synced: number | undefined;
  private catchingUp = false;
  /** The highest seq of a live frame that arrived while catching up. */
  private liveHigh = 0;

  /** What to reconnect with; undefined before the first history (the server then sends the latest page). */
  get since(): number | undefined {
    return this.synced;
  }

  /** Whether events are still being paged in after a history that was cut short. */
  get behind(): boolean {
    return this.catchingUp;
  }

  /** A history frame: the log is followed up to `lastSeq`, and beyond it if `hasMore` is false. */
  historyArrived(lastSeq: number, hasMore: boolean): void {
    this.synced = lastSeq;
    this.catchingUp = hasMore;
    this.liveHigh = 0;
  }

  /** A live `message` or `message_updated` frame: they come in seq order with no gap. */
  live(seq: number): void {
    if (this.catchingUp) this.liveHigh = Math.max(this.liveHigh, seq);
    else this.advance(seq);
  }

  /** An event paged in after a history that was cut short. */
  paged(seq: number): void {
    this.advance(seq);
  }

  /** The paging reached the end of the log: the live frames seen meanwhile follow on from it. */
  caughtUp(): void {
    this.catchingUp = false;
    this.advance(this.liveHigh);
    this.liveHigh = 0;
  }

  private advance(seq: number): void {
    this.synced = Math.max(this.synced ?? 0, seq);
  }
}
