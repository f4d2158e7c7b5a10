import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mentionedUsernames } from '@parley/contracts';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { isUniqueViolation } from '../database/database-errors.js';
import { MultiStatementPool } from '../database/multi-statement-pool.js';
import { Transactions } from '../database/transactions.js';
import { AttachmentsRepository } from '../files/attachments.repository.js';
import { AttachmentUnavailableError, hasAttachments, storedResendKey, type MessageDraft } from './message-draft.js';
import { MessageEntity } from './message.entity.js';
import { RoomSeqs } from './room-seqs.js';
import { SearchIndex, type IndexedMessage, type Statement } from '../search/search-index.js';

/** Per draft, in the order given: the row now holding it, and whether that row was stored earlier. */
export interface AppendOutcome {
  row: MessageEntity;
  duplicate: boolean;
}

/**
 * Stores batches of new messages, each in one transaction: bump each room's last_seq and read it back (RoomSeqs), then
 * insert every new row in one statement. On MySQL a batch of one room, as most are, is one round trip: begin,
 * update, insert and commit sent as one query (MultiStatementPool). A draft whose resend key (its sender and clientId)
 * is stored already, in the table or earlier in the batch, is not stored again. Resends are rare, so the first attempt
 * does not look for them: the unique index refuses a resend, and the batch runs again with the lookup, which finds the
 * stored copy (or the copy another instance stored since), so the resend resolves to it and nothing else fails.
 */
@Injectable()
export class MessageStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly multiStatement: MultiStatementPool,
    private readonly seqs: RoomSeqs,
    private readonly search: SearchIndex,
    private readonly attachments: AttachmentsRepository,
  ) {}

  /** How many batches may be written at once: as asked on MySQL; one on SQLite, whose one connection has one transaction. */
  concurrentWriters(wanted: number): number {
    return this.dataSource.options.type === 'better-sqlite3' ? 1 : wanted;
  }

  async appendBatch(drafts: readonly MessageDraft[], now: Date): Promise<AppendOutcome[]> {
    for (let lookups = 0; ; lookups++) {
      try {
        return await this.appendBatchOnce(drafts, now, lookups > 0);
      } catch (error) {
        if (lookups >= RESEND_RACE_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  private async appendBatchOnce(
    drafts: readonly MessageDraft[],
    now: Date,
    lookForResends: boolean,
  ): Promise<AppendOutcome[]> {
    if (lookForResends) {
      return this.transactions.run(async (manager) => {
        const batch = newRows(drafts, now, await this.findStored(manager, drafts));
        await this.store(manager, batch.freshByRoom, now);
        return batch.outcomes;
      });
    }
    const batch = newRows(drafts, now, new Map());
    const rooms = [...batch.freshByRoom];
    const oneTrip =
      rooms.length === 1 &&
      this.multiStatement.pool &&
      rooms[0][1].length <= INSERT_CHUNK &&
      !drafts.some(hasAttachments)
        ? this.search.oneTripStatement(rooms[0][1].map(toIndexed), (i) => fromLastSeq(rooms[0][1].length, i))
        : null;
    if (oneTrip) {
      await this.storeInOneTrip(...rooms[0], now, oneTrip);
    } else {
      await this.transactions.run((manager) => this.store(manager, batch.freshByRoom, now));
    }
    return batch.outcomes;
  }

  /** Within the caller's transaction: numbers each room's fresh rows after its last_seq and inserts them. */
  private async store(
    manager: EntityManager,
    freshByRoom: ReadonlyMap<number, MessageEntity[]>,
    now: Date,
  ): Promise<void> {
    if (freshByRoom.size === 0) return;
    const counts = new Map([...freshByRoom].map(([roomId, fresh]) => [roomId, fresh.length]));
    const lastSeqs = await this.seqs.take(manager, counts, now);
    for (const [roomId, fresh] of freshByRoom) {
      const lastSeq = lastSeqs.get(roomId);
      // A room without a row keeps seq 0 and its insert fails on the foreign key.
      if (lastSeq !== undefined) numberAfter(fresh, lastSeq);
    }
    // In room order: the search index numbers them as they come, and ties of one instant are ordered by room and seq.
    const rows = [...freshByRoom].sort(([a], [b]) => a - b).flatMap(([, fresh]) => fresh);
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const insert = this.insertStatement(rows.slice(start, start + INSERT_CHUNK), 'as numbered');
      await manager.query(insert.sql, insert.parameters);
    }
    await this.search.add(manager, rows.map(toIndexed));
    for (const row of rows) {
      if (row.attachments === null) continue;
      const ids = row.attachments.map((attachment) => attachment.id);
      if (!(await this.attachments.claim(manager, ids, row))) throw new AttachmentUnavailableError();
    }
  }

  /**
   * One room's rows as one MySQL query: the update leaves the room's new last_seq in LAST_INSERT_ID(), kept in a
   * session variable that the inserts (the messages, and their search rows) number their rows from, so nothing waits
   * for an answer in between. A room without a row fails the insert on the foreign key, as in `store`.
   */
  private async storeInOneTrip(roomId: number, rows: MessageEntity[], now: Date, indexed: Statement): Promise<void> {
    const bump = this.seqs.bumpForOneTrip(roomId, rows.length, now);
    const insert = this.insertStatement(rows, 'from the last seq');
    const answers = await this.multiStatement.transaction(
      `START TRANSACTION; ${bump.sql}; SET ${LAST_SEQ} = LAST_INSERT_ID(); ${insert.sql}; ${indexed.sql}; COMMIT`,
      [...bump.parameters, ...insert.parameters, ...indexed.parameters],
    );
    numberAfter(rows, Number(answers[1].insertId));
  }

  /**
   * One multi-row INSERT with positional parameters. TypeORM's insert builder names and rescans a parameter per
   * value, which costs more CPU than the database spends on the rows; values still go through the driver's own
   * conversion, so the SQL and the stored values stay the same on MySQL and SQLite. `from the last seq`: seq and
   * version are counted back from the room's new last_seq, which the one-trip query keeps in LAST_SEQ, the last row's
   * being it.
   */
  private insertStatement(
    rows: readonly MessageEntity[],
    numbering: 'as numbered' | 'from the last seq',
  ): { sql: string; parameters: unknown[] } {
    const { driver } = this.dataSource;
    const metadata = this.dataSource.getMetadata(MessageEntity);
    const columns = metadata.columns;
    const counted = (column: ColumnMetadata) =>
      numbering === 'from the last seq' && (column.propertyName === 'seq' || column.propertyName === 'version');
    const row = `(${columns.map((column) => (counted(column) ? `${LAST_SEQ} - ?` : '?')).join(', ')})`;
    const parameters = rows.flatMap((entity, position) =>
      columns.map((column) =>
        counted(column)
          ? rows.length - 1 - position
          : driver.preparePersistentValue(column.getEntityValue(entity), column),
      ),
    );
    return {
      sql: `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((column) => driver.escape(column.databaseName)).join(', ')}) VALUES ${rows.map(() => row).join(', ')}`,
      parameters,
    };
  }

  /** The stored rows of the drafts' resend keys, by room and key. */
  private async findStored(
    manager: EntityManager,
    drafts: readonly MessageDraft[],
  ): Promise<Map<string, MessageEntity>> {
    const wanted = new Map<number, Set<string>>();
    for (const draft of drafts) {
      if (draft.clientId === undefined) continue;
      const keys = wanted.get(draft.room.id);
      const key = storedResendKey(draft.sender, draft.clientId);
      if (keys) keys.add(key);
      else wanted.set(draft.room.id, new Set([key]));
    }
    const found = new Map<string, MessageEntity>();
    if (wanted.size === 0) return found;
    const rows = await manager.find(MessageEntity, {
      where: [...wanted].map(([roomId, keys]) => ({ roomId, resendKey: In([...keys]) })),
    });
    for (const row of rows) found.set(batchKey(row.roomId, row.resendKey!), row);
    return found;
  }
}

function batchKey(roomId: number, resendKey: string): string {
  return `${roomId}:${resendKey}`;
}

/**
 * Per draft, its outcome: a row stored earlier (found in `known`, or earlier in this batch) or a new row, not yet
 * numbered; the new rows also by room.
 */
function newRows(
  drafts: readonly MessageDraft[],
  now: Date,
  known: Map<string, MessageEntity>,
): { outcomes: AppendOutcome[]; freshByRoom: Map<number, MessageEntity[]> } {
  const outcomes = new Array<AppendOutcome>(drafts.length);
  const freshByRoom = new Map<number, MessageEntity[]>();
  drafts.forEach((draft, i) => {
    const resendKey = draft.clientId === undefined ? null : storedResendKey(draft.sender, draft.clientId);
    const key = resendKey === null ? null : batchKey(draft.room.id, resendKey);
    const earlier = key === null ? undefined : known.get(key);
    if (earlier) {
      outcomes[i] = { row: earlier, duplicate: true };
      return;
    }
    // A plain assignment: TypeORM's create() walks the entity metadata per row, which costs more than the insert.
    const row = Object.assign(new MessageEntity(), {
      roomId: draft.room.id,
      seq: 0,
      id: uuidv7(),
      username: draft.sender.username,
      userId: draft.sender.userId,
      content: draft.content,
      mentions: mentionsColumn(draft.content),
      clientId: draft.clientId ?? null,
      resendKey,
      createdAt: now,
      version: 0,
      editedAt: null,
      deleted: false,
      replyToId: draft.replyTo?.id ?? null,
      replyToSeq: draft.replyTo?.seq ?? null,
      replyToUsername: draft.replyTo?.username ?? null,
      reactions: null,
      attachments: hasAttachments(draft) ? draft.attachments! : null,
    });
    outcomes[i] = { row, duplicate: false };
    if (key !== null) known.set(key, row);
    const fresh = freshByRoom.get(draft.room.id);
    if (fresh) fresh.push(row);
    else freshByRoom.set(draft.room.id, [row]);
  });
  return { outcomes, freshByRoom };
}

/** The session variable of a one-trip query holding the room's new last_seq. */
const LAST_SEQ = '@parley_last_seq';

/** The seq of the `index`th of `count` rows numbered up to the one-trip query's LAST_SEQ, as SQL. */
function fromLastSeq(count: number, index: number): string {
  return `${LAST_SEQ} - ${count - 1 - index}`;
}

/** A stored row as the search index takes it. */
function toIndexed(row: MessageEntity): IndexedMessage {
  return { roomId: row.roomId, seq: row.seq, createdAt: row.createdAt, username: row.username, content: row.content };
}

/** Numbers a room's new rows up to its new last_seq; a message's first version is its seq. */
function numberAfter(rows: readonly MessageEntity[], lastSeq: number): void {
  const firstSeq = lastSeq - rows.length + 1;
  rows.forEach((row, position) => (row.seq = row.version = firstSeq + position));
}

/** The mentions column: ` ali bea ` (each name between spaces, for LIKE '% name %'), or null for none. */
export function mentionsColumn(content: string): string | null {
  const mentioned = mentionedUsernames(content).slice(0, MAX_MENTIONS_STORED);
  return mentioned.length === 0 ? null : ` ${mentioned.join(' ')} `;
}

/** 30 names of at most 32 characters fit the 1,024 of the column. */
const MAX_MENTIONS_STORED = 30;

/**
 * Runs with the lookup after a unique violation: a resend can lose the race to another instance once per copy in
 * flight; more than a few means something else.
 */
const RESEND_RACE_ATTEMPTS = 3;

/** Rows per INSERT statement: within SQLite's limit on bound parameters (32,766; a row has 18). */
const INSERT_CHUNK = 1000;
