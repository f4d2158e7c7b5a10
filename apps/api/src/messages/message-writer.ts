import { Logger } from '@nestjs/common';
import { isUniqueViolation } from '../database/database-errors.js';
import {
  AttachmentUnavailableError,
  hasAttachments,
  resendKey,
  type ChangeDraft,
  type ChangeOutcome,
  type MessageDraft,
  type StoredMessage,
  type TimelineEvent,
} from './message-draft.js';
import { toChatMessage } from './message-mapper.js';
import type { RowChangeOutcome } from './message-changes.repository.js';
import type { AppendOutcome } from './message-store.js';

export type AppendBatch = (drafts: readonly MessageDraft[], now: Date) => Promise<AppendOutcome[]>;
export type ApplyChange = (change: ChangeDraft, now: Date) => Promise<RowChangeOutcome>;
export type StoredListener = (events: readonly TimelineEvent[]) => void;

type Pending =
  | { kind: 'message'; draft: MessageDraft; resolve: (stored: StoredMessage) => void; reject: (error: unknown) => void }
  | {
      kind: 'change';
      change: ChangeDraft;
      resolve: (outcome: ChangeOutcome) => void;
      reject: (error: unknown) => void;
    };

type PendingMessage = Extract<Pending, { kind: 'message' }>;

export class WriterClosedError extends Error {
  constructor(message = 'The server is shutting down and takes no more messages') {
    super(message);
  }
}

/**
 * Every write to a room's log, in arrival order, one transaction at a time (so seq order is arrival order within
 * this process). New messages group-commit: those that arrive while a transaction is in flight go into the next one
 * together, one round trip per batch under load. A change to a message (edit, delete, reaction) is rarer and takes
 * a transaction of its own, in its place in the queue.
 */
export class MessageWriter {
  private readonly logger = new Logger(MessageWriter.name);
  private queue: Pending[] = [];
  /** What the running transaction holds. */
  private committing: Pending[] = [];
  private inFlight: Promise<void> | null = null;
  private closed = false;
  /** Resends of a clientId still queued or being written share its outcome instead of queueing again. */
  private readonly pendingMessages = new Map<string, Promise<StoredMessage>>();
  private readonly pendingChanges = new Map<string, Promise<ChangeOutcome>>();

  constructor(
    private readonly appendBatch: AppendBatch,
    private readonly applyChange: ApplyChange,
    private readonly onStored: StoredListener,
    private readonly maxBatchSize: number,
  ) {}

  write(draft: MessageDraft): Promise<StoredMessage> {
    if (this.closed) return Promise.reject(new WriterClosedError());
    const key = draft.clientId ? resendKey(draft.room.id, draft.clientId, draft.sender) : null;
    const pending = key ? this.pendingMessages.get(key) : undefined;
    if (pending) return pending.then(({ message }) => ({ message, duplicate: true }));
    const stored = this.enqueue<StoredMessage>((resolve, reject) => ({ kind: 'message', draft, resolve, reject }));
    if (key) this.remember(this.pendingMessages, key, stored);
    return stored;
  }

  change(change: ChangeDraft): Promise<ChangeOutcome> {
    if (this.closed) return Promise.reject(new WriterClosedError());
    const key = change.clientId ? resendKey(change.room.id, change.clientId, change.sender) : null;
    const pending = key ? this.pendingChanges.get(key) : undefined;
    if (pending)
      return pending.then((outcome) => (outcome.kind === 'changed' ? { ...outcome, kind: 'duplicate' } : outcome));
    const outcome = this.enqueue<ChangeOutcome>((resolve, reject) => ({ kind: 'change', change, resolve, reject }));
    if (key) this.remember(this.pendingChanges, key, outcome);
    return outcome;
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
    this.logger.warn(`Shutting down with ${abandoned.length} write(s) not stored in time`);
    const error = new WriterClosedError('The server shut down before the message was stored; resend it');
    for (const pending of abandoned) pending.reject(error);
  }

  private enqueue<T>(make: (resolve: (value: T) => void, reject: (error: unknown) => void) => Pending): Promise<T> {
    const settled = new Promise<T>((resolve, reject) => this.queue.push(make(resolve, reject)));
    this.inFlight ??= this.drain();
    return settled;
  }

  private remember<T>(pending: Map<string, Promise<T>>, key: string, settled: Promise<T>): void {
    pending.set(key, settled);
    const forget = () => pending.delete(key);
    settled.then(forget, forget);
  }

  private async drain(): Promise<void> {
    try {
      // Let the frames already read in this turn of the event loop join the first batch.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) {
        const next = this.queue[0];
        if (next.kind === 'change') await this.commitChange(this.queue.shift() as Extract<Pending, { kind: 'change' }>);
        else await this.commitMessages(this.takeMessages());
      }
    } finally {
      this.inFlight = null;
    }
  }

  /**
   * The messages at the head of the queue, up to the batch size, stopping at the first change. A message with
   * attachments goes alone: claiming them can fail, and that must fail no one else.
   */
  private takeMessages(): PendingMessage[] {
    const head = this.queue[0] as PendingMessage;
    if (hasAttachments(head.draft)) return this.queue.splice(0, 1) as PendingMessage[];
    const end = this.queue.findIndex(
      (pending, i) =>
        pending.kind === 'change' ||
        i >= this.maxBatchSize ||
        (pending.kind === 'message' && hasAttachments(pending.draft)),
    );
    return this.queue.splice(0, end === -1 ? this.queue.length : end) as PendingMessage[];
  }

  /**
   * Whatever throws in here, every sender of the batch is answered and the next batch runs. A batch refused by a unique
   * index that is not a resend (which the store resolves itself) is stored again one message at a time: the message
   * that caused it fails alone, never the others of its batch.
   */
  private async commitMessages(batch: PendingMessage[]): Promise<void> {
    this.committing = batch;
    let stored: StoredMessage[];
    try {
      stored = await this.store(batch);
    } catch (error) {
      if (batch.length > 1 && isUniqueViolation(error)) {
        this.logger.warn(`A batch of ${batch.length} was refused by a unique index: storing its messages one by one`);
        for (const pending of batch) await this.commitMessages([pending]);
        return;
      }
      if (!(error instanceof AttachmentUnavailableError)) {
        this.logger.warn(`Storing ${batch.length} message(s) failed: ${(error as Error).message}`);
      }
      for (const pending of batch) pending.reject(error);
      return;
    }
    this.announce(stored.filter((entry) => !entry.duplicate).map(({ message }) => ({ type: 'message', message })));
    stored.forEach((entry, i) => batch[i].resolve(entry));
  }

  private async store(batch: PendingMessage[]): Promise<StoredMessage[]> {
    const outcomes = await this.appendBatch(
      batch.map((pending) => pending.draft),
      new Date(),
    );
    return outcomes.map(({ row, duplicate }, i) => ({
      message: toChatMessage(row, batch[i].draft.room.slug),
      duplicate,
    }));
  }

  private async commitChange(pending: Extract<Pending, { kind: 'change' }>): Promise<void> {
    this.committing = [pending];
    let outcome: ChangeOutcome;
    try {
      const applied = await this.applyChange(pending.change, new Date());
      const slug = pending.change.room.slug;
      outcome =
        applied.kind === 'refused'
          ? applied
          : applied.kind === 'unchanged'
            ? { kind: 'unchanged', message: toChatMessage(applied.row, slug) }
            : { kind: applied.kind, seq: applied.seq, message: toChatMessage(applied.row, slug) };
    } catch (error) {
      this.logger.warn(`Storing a ${pending.change.action.kind} failed: ${(error as Error).message}`);
      pending.reject(error);
      return;
    }
    if (outcome.kind === 'changed') this.announce([{ type: 'update', seq: outcome.seq, message: outcome.message }]);
    pending.resolve(outcome);
  }

  /** Committed: the room hears of it before any sender is answered; announcing failing does not undo it. */
  private announce(events: TimelineEvent[]): void {
    if (events.length === 0) return;
    try {
      this.onStored(events);
    } catch (error) {
      this.logger.error(`Announcing stored events failed: ${(error as Error).message}`, (error as Error).stack);
    }
  }
}
