import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  LIMITS,
  type ChatMessage,
  type EventPage,
  type HistoryData,
  type LogEvent,
  type MessageEdit,
  type MessagePage,
  type MessagePageQuery,
  type MessagesAround,
} from '@parley/contracts';
import type { Environment } from '../config/environment.js';
import { DomainEvents } from '../events/domain-events.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { MessageChangesRepository } from './message-changes.repository.js';
import type { ChangeDraft, ChangeOutcome, MessageDraft, StoredMessage } from './message-draft.js';
import { toChatMessage } from './message-mapper.js';
import { MessageWriter, type StoredListener } from './message-writer.js';
import { MessageNotFoundException } from './messages.exceptions.js';
import { MessageStore } from './message-store.js';
import { MessagesRepository, type PageCursor } from './messages.repository.js';
import { planResume } from './resume.js';
import { WriteLanes } from './write-lanes.js';

/** What a joining connection is sent of the room's log: HistoryData without the room and the member's extras. */
export type HistoryPage = Pick<HistoryData, 'messages' | 'updates' | 'lastSeq' | 'hasMore'>;

@Injectable()
export class MessagesService {
  /** Per room, the read of the latest page that has not started yet: joiners arriving in the same turn share it. */
  private readonly latestPageReads = new Map<number, Promise<HistoryPage>>();
  private readonly writer: WriteLanes;

  constructor(
    private readonly messages: MessagesRepository,
    store: MessageStore,
    private readonly changes: MessageChangesRepository,
    private readonly rooms: RoomsService,
    events: DomainEvents,
    metrics: MetricsService,
    config: ConfigService<Environment, true>,
  ) {
    const lanes = store.concurrentWriters(config.get('MESSAGE_WRITE_LANES', { infer: true }));
    const onStored: StoredListener = (stored) => {
      const messages = stored.filter((event) => event.type === 'message').map((event) => event.message);
      metrics.messagesStored.inc(messages.length);
      if (messages.length > 0) events.emit('message.stored', { messages });
      for (const event of stored) {
        if (event.type === 'update') events.emit('message.changed', { seq: event.seq, message: event.message });
      }
    };
    this.writer = new WriteLanes(
      Array.from(
        { length: lanes },
        () =>
          new MessageWriter(
            (drafts, now) => {
              metrics.batchSize.observe(drafts.length);
              return store.appendBatch(drafts, now);
            },
            (change, now) => this.changes.apply(change, now),
            onStored,
            config.get('MESSAGE_BATCH_MAX', { infer: true }),
          ),
      ),
    );
  }

  /** REST history of a room, current state, tombstones included (the caller checked that the viewer may see it). */
  page(room: RoomRef, query: MessagePageQuery): Promise<MessagePage> {
    const cursor: PageCursor =
      query.after !== undefined ? { after: query.after } : query.before !== undefined ? { before: query.before } : {};
    return this.readPage(room, cursor, query.limit ?? LIMITS.historyPageSize);
  }

  /** A window of the room's messages around `seq`, current state, oldest first (a search result opens here). */
  async around(room: RoomRef, seq: number, limit: number): Promise<MessagesAround> {
    const { rows, hasMoreBefore, hasMoreAfter } = await this.messages.around(room.id, seq, limit);
    return { messages: rows.map((row) => toChatMessage(row, room.slug)), hasMoreBefore, hasMoreAfter };
  }

  /** One message in its current state; 404 when the room has no message by that id. */
  async message(room: RoomRef, id: string): Promise<ChatMessage> {
    const row = await this.messages.findById(room.id, id);
    if (!row) throw new MessageNotFoundException(id);
    return toChatMessage(row, room.slug);
  }

  /** The earlier versions of a message, oldest first; 404 for a deleted message (its history is gone with it). */
  async edits(room: RoomRef, id: string): Promise<MessageEdit[]> {
    const row = await this.messages.findById(room.id, id);
    if (!row || row.deleted) throw new MessageNotFoundException(id);
    const edits = await this.changes.edits(room.id, row.seq);
    return edits.map((edit) => ({
      content: edit.content,
      editedAt: edit.writtenAt ? edit.writtenAt.toISOString() : null,
    }));
  }

  /** The room's log after `after`, in seq order, each event with its message in its current state. */
  async events(room: RoomRef, after: number, limit: number): Promise<EventPage> {
    const { rows, hasMore } = await this.messages.logAfter(room.id, after, limit);
    const messages = await this.currentStates(
      room,
      rows.map((row) => row.messageSeq),
    );
    return {
      events: rows.map((row): LogEvent => ({ seq: row.seq, type: row.type, message: messages.get(row.messageSeq)! })),
      hasMore,
    };
  }

  /**
   * What a joiner is sent of the log. Without `since`: the latest page of messages, and the room's head as `lastSeq`.
   * With it: the messages created after `since` and, once each, those created before it that changed after it, all in
   * their current state, together at most a page; `lastSeq` is the last event they account for. The head is read
   * before the log, so nothing at or below `lastSeq` can be missed. Joiners of a room in the same event-loop turn
   * without `since` share one read (a join storm costs one query, not thousands); only a read that has not started
   * is shared, so each joiner's read still begins after it registered for live events, which makes the catch-up
   * gap-free.
   */
  history(room: RoomRef, since: number | undefined): Promise<HistoryPage> {
    if (since !== undefined) return this.resume(room, since);
    let read = this.latestPageReads.get(room.id);
    if (!read) {
      read = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        this.latestPageReads.delete(room.id);
        const lastSeq = await this.rooms.lastSeq(room);
        const page = await this.readPage(room, {}, LIMITS.historyPageSize);
        return { messages: page.messages, updates: [], lastSeq, hasMore: page.hasMore };
      });
      this.latestPageReads.set(room.id, read);
    }
    return read;
  }

  /** Resolves once the message is committed (or found stored under its clientId). */
  post(draft: MessageDraft): Promise<StoredMessage> {
    return this.writer.write(draft);
  }

  /** Resolves once the change is committed, found applied before, found to change nothing, or refused. */
  change(change: ChangeDraft): Promise<ChangeOutcome> {
    return this.writer.change(change);
  }

  /** Stops taking messages and settles every one already taken, within the deadline: stored and announced, or failed. */
  finishWrites(deadlineMs?: number): Promise<void> {
    return this.writer.close(deadlineMs);
  }

  private async resume(room: RoomRef, since: number): Promise<HistoryPage> {
    const head = await this.rooms.lastSeq(room);
    const plan = await planResume(since, head, (after, limit) => this.messages.logAfter(room.id, after, limit));
    const states = await this.currentStates(room, [...plan.created, ...plan.changed]);
    return {
      messages: plan.created.map((seq) => states.get(seq)!),
      updates: plan.changed.map((seq) => states.get(seq)!),
      lastSeq: plan.lastSeq,
      hasMore: plan.hasMore,
    };
  }

  /** These messages of the room in their current state (tombstones included), by seq. */
  async currentStates(room: RoomRef, seqs: readonly number[]): Promise<Map<number, ChatMessage>> {
    const rows = await this.messages.findBySeqs(room.id, [...new Set(seqs)]);
    return new Map(rows.map((row) => [row.seq, toChatMessage(row, room.slug)]));
  }

  private async readPage(room: RoomRef, cursor: PageCursor, limit: number): Promise<MessagePage> {
    const { rows, hasMore } = await this.messages.page(room.id, cursor, limit);
    return { messages: rows.map((row) => toChatMessage(row, room.slug)), hasMore };
  }
}
