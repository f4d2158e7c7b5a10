import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { LIMITS, type ChatMessage, type MessagePage, type MessagePageQuery } from '@parley/contracts';
import type { Environment } from '../config/environment.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { RoomRef } from '../rooms/room-ref.js';
import type { MessageDraft, StoredMessage } from './message-draft.js';
import { toChatMessage } from './message-mapper.js';
import { MessageWriter, type StoredListener } from './message-writer.js';
import { MessagesRepository, type PageCursor } from './messages.repository.js';

@Injectable()
export class MessagesService {
  private readonly storedListeners = new Set<StoredListener>();
  /** Per room, the read of the latest page that has not started yet: joiners arriving in the same turn share it. */
  private readonly latestPageReads = new Map<number, Promise<MessagePage>>();
  private readonly writer: MessageWriter;

  constructor(
    private readonly messages: MessagesRepository,
    metrics: MetricsService,
    config: ConfigService<Environment, true>,
  ) {
    this.writer = new MessageWriter(
      (drafts, now) => {
        metrics.batchSize.observe(drafts.length);
        return this.messages.appendBatch(drafts, now);
      },
      (stored) => {
        metrics.messagesStored.inc(stored.length);
        this.storedListeners.forEach((listener) => listener(stored));
      },
      config.get('MESSAGE_BATCH_MAX', { infer: true }),
    );
  }

  /** REST history of a room (the caller checked that the viewer may see it). */
  page(room: RoomRef, query: MessagePageQuery): Promise<MessagePage> {
    const cursor: PageCursor =
      query.after !== undefined ? { after: query.after } : query.before !== undefined ? { before: query.before } : {};
    return this.readPage(room, cursor, query.limit ?? LIMITS.historyPageSize);
  }

  /**
   * The history a joiner gets: the latest page, or with `since` the page right after it.
   * Joiners of a room in the same event-loop turn share one read of the latest page (a join storm costs one query,
   * not thousands). Only a read that has not started is shared, so each joiner's read still begins after it
   * registered for live messages, which is what makes the catch-up gap-free.
   */
  history(room: RoomRef, since: number | undefined): Promise<MessagePage> {
    if (since !== undefined) return this.readPage(room, { after: since }, LIMITS.historyPageSize);
    let read = this.latestPageReads.get(room.id);
    if (!read) {
      read = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.latestPageReads.delete(room.id);
        return this.readPage(room, {}, LIMITS.historyPageSize);
      });
      this.latestPageReads.set(room.id, read);
    }
    return read;
  }

  /** Resolves once the message is committed (or found stored under its clientId). */
  post(draft: MessageDraft): Promise<StoredMessage> {
    return this.writer.write(draft);
  }

  /** Called with each committed batch's new messages, in seq order, before their senders are answered. */
  onStored(listener: (messages: readonly ChatMessage[]) => void): () => void {
    const relay: StoredListener = (stored) => {
      if (stored.length > 0) listener(stored.map((entry) => entry.message));
    };
    this.storedListeners.add(relay);
    return () => this.storedListeners.delete(relay);
  }

  /** Stops taking messages and settles every one already taken, within the deadline: stored and announced, or failed. */
  finishWrites(deadlineMs?: number): Promise<void> {
    return this.writer.close(deadlineMs);
  }

  private async readPage(room: RoomRef, cursor: PageCursor, limit: number): Promise<MessagePage> {
    const { rows, hasMore } = await this.messages.page(room.id, cursor, limit);
    return { messages: rows.map((row) => toChatMessage(row, room.slug)), hasMore };
  }
}
