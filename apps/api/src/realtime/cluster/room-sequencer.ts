import type { ChatMessage, MessagePage } from '@parley/contracts';

/** How long a gap may wait for the missing messages to arrive by pub/sub before they are read from the database. */
export const GAP_GRACE_MS = 30;
const RETRY_MS = 1_000;

/**
 * Puts one room's messages, arriving from this instance's writer and from other instances over pub/sub, back in
 * seq order: each seq is delivered once, in order, with no gap. A gap (a message still in flight, lost by pub/sub,
 * or published while Redis was away) is filled from the database before anything after it is delivered.
 */
export class RoomSequencer {
  private readonly waiting = new Map<number, ChatMessage>();
  private filling = false;
  private gapTimer: NodeJS.Timeout | null = null;

  constructor(
    private lastSeq: number,
    private readonly deliver: (messages: ChatMessage[]) => void,
    private readonly readAfter: (seq: number) => Promise<MessagePage>,
    private readonly onReadFailed: (error: unknown) => void,
  ) {}

  offer(message: ChatMessage): void {
    if (message.seq <= this.lastSeq) return;
    this.waiting.set(message.seq, message);
    this.release();
    if (this.waiting.size === 0 && this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    } else if (this.waiting.size > 0 && !this.filling && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        void this.fill();
      }, GAP_GRACE_MS);
      this.gapTimer.unref();
    }
  }

  /** Reads whatever was stored after the last delivered seq: after a pub/sub outage nothing else would tell. */
  catchUp(): Promise<void> {
    return this.fill();
  }

  stop(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    this.waiting.clear();
  }

  private release(): void {
    const ready: ChatMessage[] = [];
    for (let next = this.waiting.get(this.lastSeq + 1); next; next = this.waiting.get(this.lastSeq + 1)) {
      this.waiting.delete(next.seq);
      this.lastSeq = next.seq;
      ready.push(next);
    }
    if (ready.length > 0) this.deliver(ready);
  }

  private async fill(): Promise<void> {
    if (this.filling) return;
    this.filling = true;
    try {
      for (;;) {
        const page = await this.readAfter(this.lastSeq);
        for (const message of page.messages) if (message.seq > this.lastSeq) this.waiting.set(message.seq, message);
        this.release();
        if (!page.hasMore) break;
      }
    } catch (error) {
      this.onReadFailed(error);
      setTimeout(() => void this.fill(), RETRY_MS).unref();
    } finally {
      this.filling = false;
    }
  }
}
