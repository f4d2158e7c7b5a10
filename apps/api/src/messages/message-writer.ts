import { Logger } from '@nestjs/common';
import { resendKey, type MessageDraft, type StoredMessage } from './message-draft.js';
import { toChatMessage } from './message-mapper.js';
import type { AppendOutcome } from './messages.repository.js';

export type AppendBatch = (drafts: readonly MessageDraft[], now: Date) => Promise<AppendOutcome[]>;
export type StoredListener = (stored: readonly StoredMessage[]) => void;

interface Pending {
  draft: MessageDraft;
  resolve: (stored: StoredMessage) => void;
  reject: (error: unknown) => void;
}

export class WriterClosedError extends Error {
  constructor(message = 'The server is shutting down and takes no more messages') {
    super(message);
  }
}

/**
 * Group commit: drafts that arrive while a transaction is in flight wait and go into the next one together,
 * so under load each transaction carries many messages and the database sees one round trip per batch.
 * One batch is in flight at a time, which keeps seq order equal to arrival order within this process.
 */
export class MessageWriter {
  private readonly logger = new Logger(MessageWriter.name);
  private queue: Pending[] = [];
  /** The batch whose transaction is running. */
  private committing: Pending[] = [];
  private inFlight: Promise<void> | null = null;
  private closed = false;
  /** Resends of a clientId still queued or being written share its outcome instead of queueing again. */
  private readonly pendingByResendKey = new Map<string, Promise<StoredMessage>>();

  constructor(
    private readonly appendBatch: AppendBatch,
    private readonly onStored: StoredListener,
    private readonly maxBatchSize: number,
  ) {}

  write(draft: MessageDraft): Promise<StoredMessage> {
    if (this.closed) return Promise.reject(new WriterClosedError());
    const key = draft.clientId ? resendKey(draft.room.id, draft.clientId, draft.sender) : null;
    const pending = key ? this.pendingByResendKey.get(key) : undefined;
    if (pending) return pending.then(({ message }) => ({ message, duplicate: true }));

    const stored = new Promise<StoredMessage>((resolve, reject) => this.queue.push({ draft, resolve, reject }));
    if (key) {
      this.pendingByResendKey.set(key, stored);
      const forget = () => this.pendingByResendKey.delete(key);
      stored.then(forget, forget);
    }
    this.inFlight ??= this.drain();
    return stored;
  }

  /**
   * Stops taking drafts and resolves once everything already taken is stored or failed, or, past `deadlineMs`, fails
   * what is still waiting (its senders may resend after reconnecting; a commit that lands later is found by clientId).
   */
  async close(deadlineMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.closed = true;
    if (!this.inFlight) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      if (Number.isFinite(deadlineMs)) timer = setTimeout(() => resolve('late'), deadlineMs);
    });
    const outcome = await Promise.race([this.inFlight, deadline]);
    clearTimeout(timer);
    if (outcome !== 'late') return;
    const abandoned = [...this.committing, ...this.queue.splice(0)];
    this.logger.warn(`Shutting down with ${abandoned.length} message(s) not stored in time`);
    const error = new WriterClosedError('The server shut down before the message was stored; resend it');
    for (const pending of abandoned) pending.reject(error);
  }

  private async drain(): Promise<void> {
    try {
      // Let the frames already read in this turn of the event loop join the first batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.maxBatchSize));
    } finally {
      this.inFlight = null;
    }
  }

  /** Whatever throws in here, every sender of the batch is answered and the next batch runs. */
  private async commit(batch: Pending[]): Promise<void> {
    this.committing = batch;
    let stored: StoredMessage[];
    try {
      const outcomes = await this.appendBatch(
        batch.map((pending) => pending.draft),
        new Date(),
      );
      stored = outcomes.map(({ row, duplicate }, i) => ({
        message: toChatMessage(row, batch[i].draft.room.slug),
        duplicate,
      }));
    } catch (error) {
      this.logger.warn(`Storing ${batch.length} message(s) failed: ${(error as Error).message}`);
      for (const pending of batch) pending.reject(error);
      return;
    }
    try {
      this.onStored(stored.filter((entry) => !entry.duplicate));
    } catch (error) {
      // The batch is committed: its senders get their acks even though announcing it failed.
      this.logger.error(`Announcing a stored batch failed: ${(error as Error).message}`, (error as Error).stack);
    }
    stored.forEach((entry, i) => batch[i].resolve(entry));
  }
}
