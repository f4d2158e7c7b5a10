/** How long to hold back after a rate-limit refusal that did not say (`retryAfterMs` is optional on the wire). */
export const FALLBACK_RETRY_AFTER_MS = 1000;
/** Added to every wait, so a resend that lands just as the server's allowance refills is not refused by rounding. */
export const PACE_MARGIN_MS = 20;

/** Anything sent under a clientId and answered by it: a message, or a change to one. */
export interface QueuedFrame {
  readonly clientId: string;
}

export interface OutboxPacerOptions<Entry extends QueuedFrame> {
  /** The oldest queued frame still to be sent, if any. */
  nextToSend: () => Entry | undefined;
  /** Puts one frame on the socket; false when the socket cannot take it. */
  transmit: (entry: Entry) => boolean;
  /** Told when the server starts holding our messages back, and when everything held back has gone out. */
  onThrottled: (throttled: boolean) => void;
  now?: () => number;
}

/**
 * Sends the outbox one message at a time, in the user's order, and waits out rate limits. Changes to messages
 * (edits, deletes, reactions) count toward the same limit and go through the same queue.
 *
 * One message is in flight at most: the server stores one sender's messages in the order it receives them, and
 * with several in flight a refused one could be overtaken by a later one that arrives as the allowance refills.
 * After a RATE_LIMITED refusal the refused message goes out again (same clientId) once `retryAfterMs` has passed,
 * and the ones after it are spaced out at the interval the server's answers imply, until the outbox has drained.
 */
export class OutboxPacer<Entry extends QueuedFrame> {
  private ready = false;
  private inFlight: { clientId: string; sentAt: number } | undefined;
  /** When the last message the limiter let through (stored or not) was sent. */
  private lastTakenSentAt: number | undefined;
  /** 0 until refused; then the spacing between sends, until the outbox drains. */
  private spacingMs = 0;
  private notBefore = 0;
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: OutboxPacerOptions<Entry>) {
    this.now = options.now ?? Date.now;
  }

  get throttled(): boolean {
    return this.spacingMs > 0;
  }

  /** The socket is ready for messages (its history arrived). */
  start(): void {
    this.ready = true;
    this.pump();
  }

  /**
   * The socket is gone or takes no more messages: nothing is in flight any more, and what was sent unanswered
   * goes out again on the next socket, whose allowance starts afresh.
   */
  stop(): void {
    this.ready = false;
    this.inFlight = undefined;
    this.lastTakenSentAt = undefined;
    this.notBefore = 0;
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.setSpacing(0);
  }

  /** Something may be ready to send: a message was queued or a failed one retried. */
  pump(): void {
    if (!this.ready || this.inFlight || this.holdTimer !== undefined) return;
    const next = this.options.nextToSend();
    if (!next) {
      this.setSpacing(0);
      return;
    }
    const now = this.now();
    if (now < this.notBefore) {
      this.holdTimer = setTimeout(() => {
        this.holdTimer = undefined;
        this.pump();
      }, this.notBefore - now);
      return;
    }
    if (this.options.transmit(next)) this.inFlight = { clientId: next.clientId, sentAt: now };
  }

  /** The server answered the message for good: acked, or refused for a reason other than the rate limit. */
  answered(clientId: string): void {
    const sent = this.inFlight;
    if (sent?.clientId !== clientId) return;
    this.inFlight = undefined;
    this.lastTakenSentAt = sent.sentAt;
    if (this.throttled) this.notBefore = sent.sentAt + this.spacingMs + PACE_MARGIN_MS;
    this.pump();
  }

  /** The server refused the message for now: it stays queued and goes out again after the wait. */
  rateLimited(clientId: string, retryAfterMs = FALLBACK_RETRY_AFTER_MS): void {
    if (this.inFlight?.clientId === clientId) this.inFlight = undefined;
    const now = this.now();
    // The allowance refills steadily: from the last send it let through to the moment it will take the next, at
    // least one refill interval passes. The longest such span seen is the spacing that stops further refusals.
    const impliedInterval = retryAfterMs + (this.lastTakenSentAt === undefined ? 0 : now - this.lastTakenSentAt);
    this.setSpacing(Math.max(this.spacingMs, impliedInterval, 1));
    this.notBefore = now + retryAfterMs + PACE_MARGIN_MS;
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.pump();
  }

  private setSpacing(spacingMs: number): void {
    const wasThrottled = this.throttled;
    this.spacingMs = spacingMs;
    if (this.throttled !== wasThrottled) this.options.onThrottled(this.throttled);
  }
}
