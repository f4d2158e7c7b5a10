import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { mentionedUsernames } from '@parley/contracts';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, In, LessThan, MoreThan, type EntityManager, type Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { isUniqueViolation } from '../database/database-errors.js';
import { MultiStatementPool } from '../database/multi-statement-pool.js';
import { RoomEntity } from '../rooms/room.entity.js';
import { resendKey, type MessageDraft } from './message-draft.js';
import { senderOf } from './message-mapper.js';
import { MessageEntity } from './message.entity.js';

export type PageCursor = { before: number } | { after: number } | Record<string, never>;

export interface RowPage {
  /** Oldest first. */
  rows: MessageEntity[];
  hasMore: boolean;
}

/** Per draft, in the order given: the row now holding it, and whether that row was stored earlier. */
export interface AppendOutcome {
  row: MessageEntity;
  duplicate: boolean;
}

@Injectable()
export class MessagesRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly multiStatement: MultiStatementPool,
  ) {}

  /** How many batches may be written at once: as asked on MySQL; one on SQLite, whose one connection has one transaction. */
  concurrentWriters(wanted: number): number {
    return this.dataSource.options.type === 'better-sqlite3' ? 1 : wanted;
  }

  /**
   * A page of one room's messages by cursor: the newest `limit` before `before` (or overall),
   * or the oldest `limit` after `after`. Reads one row more than asked to know whether more remain.
   */
  async page(roomId: number, cursor: PageCursor, limit: number): Promise<RowPage> {
    const forward = 'after' in cursor;
    const seq = 'after' in cursor ? MoreThan(cursor.after) : 'before' in cursor ? LessThan(cursor.before) : undefined;
    const rows = await this.messages.find({
      where: seq ? { roomId, seq } : { roomId },
      order: { seq: forward ? 'ASC' : 'DESC' },
      take: limit + 1,
    });
    const hasMore = rows.length > limit;
    if (hasMore) rows.pop();
    if (!forward) rows.reverse();
    return { rows, hasMore };
  }

  findById(roomId: number, id: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ roomId, id });
  }

  findBySeqs(roomId: number, seqs: readonly number[]): Promise<MessageEntity[]> {
    return seqs.length === 0 ? Promise.resolve([]) : this.messages.findBy({ roomId, seq: In([...seqs]) });
  }

  /**
   * The room's log after `after`, in seq order, at most `limit` entries and whether more follow: new messages (their
   * own seq) and changes to messages (message_events), read together.
   */
  async logAfter(roomId: number, after: number, limit: number): Promise<{ rows: LogRow[]; hasMore: boolean }> {
    const raw = (await this.dataSource.query(
      `SELECT seq, type, message_seq AS messageSeq FROM (
         SELECT seq, 'message' AS type, seq AS message_seq FROM messages WHERE room_id = ? AND seq > ?
         UNION ALL
         SELECT seq, 'update' AS type, message_seq FROM message_events WHERE room_id = ? AND seq > ?
       ) log ORDER BY seq LIMIT ?`,
      [roomId, after, roomId, after, limit + 1],
    )) as Array<{ seq: number | string; type: 'message' | 'update'; messageSeq: number | string }>;
    const rows = raw.map((row) => ({ seq: Number(row.seq), type: row.type, messageSeq: Number(row.messageSeq) }));
    const hasMore = rows.length > limit;
    if (hasMore) rows.pop();
    return { rows, hasMore };
  }

  /**
   * Stores a batch in one transaction: bump each room's last_seq (the row locks serialise writers of a room across
   * processes, taken in id order so they cannot deadlock) and read the new value, then insert every new row in one
   * statement. On MySQL a batch of one room, as most are, is one round trip: begin, update-and-read, insert and
   * commit sent as one query. Drafts whose (room, clientId, sender) is already stored, in the table or earlier in the
   * batch, are not stored again. Resends are rare, so the first attempt does not look for them in the table: a
   * resend of a stored message is refused by the unique index, and the batch runs again with the lookup, which finds
   * the stored copy (or the copy another instance stored since), so the resend resolves to it and nothing else in the
   * batch fails.
   */
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
      return this.dataSource.transaction(async (manager) => {
        const batch = newRows(drafts, now, await this.findByClientIds(manager, drafts));
        await this.store(manager, batch.freshByRoom, now);
        return batch.outcomes;
      });
    }
    const batch = newRows(drafts, now, new Map());
    const rooms = [...batch.freshByRoom];
    if (rooms.length === 1 && this.multiStatement.pool && rooms[0][1].length <= INSERT_CHUNK) {
      await this.storeInOneTrip(...rooms[0], now);
    } else {
      await this.dataSource.transaction((manager) => this.store(manager, batch.freshByRoom, now));
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
    const lastSeqs = await this.takeSeqs(manager, freshByRoom, now);
    for (const [roomId, fresh] of freshByRoom) {
      const lastSeq = lastSeqs.get(roomId);
      // A room without a row keeps seq 0 and its insert fails on the foreign key.
      if (lastSeq !== undefined) numberAfter(fresh, lastSeq);
    }
    const rows = [...freshByRoom.values()].flat();
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const insert = this.insertStatement(rows.slice(start, start + INSERT_CHUNK), 'as numbered');
      await manager.query(insert.sql, insert.parameters);
    }
  }

  /**
   * One room's rows as one MySQL query: the update leaves the room's new last_seq in LAST_INSERT_ID(), which the
   * insert numbers its rows from, so nothing waits for an answer in between. A room without a row fails the insert
   * on the foreign key, as in `store`.
   */
  private async storeInOneTrip(roomId: number, rows: MessageEntity[], now: Date): Promise<void> {
    const { table, lastSeq, id, setActivity, at } = this.roomColumns(now);
    const insert = this.insertStatement(rows, 'from LAST_INSERT_ID()');
    const answers = await this.multiStatement.transaction(
      `START TRANSACTION; UPDATE ${table} SET ${lastSeq} = LAST_INSERT_ID(${lastSeq} + ?), ${setActivity} WHERE ${id} = ?; ${insert.sql}; COMMIT`,
      [rows.length, at, at, roomId, ...insert.parameters],
    );
    numberAfter(rows, Number(answers[1].insertId));
  }

  /**
   * Moves each room's last_seq past its fresh rows and returns the new values. One room: one statement that updates
   * and reads (MySQL hands back LAST_INSERT_ID(expr) in the update's answer; SQLite has RETURNING). Several rooms:
   * one update for all of them and one read. Plain SQL on the entities' names: TypeORM's builders cost more CPU per
   * batch than the statements themselves.
   */
  private async takeSeqs(
    manager: EntityManager,
    freshByRoom: ReadonlyMap<number, readonly MessageEntity[]>,
    now: Date,
  ): Promise<Map<number, number>> {
    const columns = this.roomColumns(now);
    const { table, lastSeq, id, setActivity, at } = columns;
    if (freshByRoom.size === 1) {
      const [[roomId, fresh]] = freshByRoom;
      const seq = await this.takeSeqsOfOneRoom(manager, columns, roomId, fresh.length);
      return new Map(seq === null ? [] : [[roomId, seq]]);
    }
    const roomIds = [...freshByRoom.keys()].sort((a, b) => a - b);
    const cases = roomIds.map(() => 'WHEN ? THEN ?').join(' ');
    const inList = roomIds.map(() => '?').join(', ');
    await manager.query(
      `UPDATE ${table} SET ${lastSeq} = ${lastSeq} + CASE ${id} ${cases} END, ${setActivity} WHERE ${id} IN (${inList})`,
      [...roomIds.flatMap((roomId) => [roomId, freshByRoom.get(roomId)!.length]), at, at, ...roomIds],
    );
    const rooms = (await manager.query(
      `SELECT ${id} AS id, ${lastSeq} AS lastSeq FROM ${table} WHERE ${id} IN (${inList})`,
      roomIds,
    )) as Array<{
      id: number | string;
      lastSeq: number | string;
    }>;
    return new Map(rooms.map((room) => [Number(room.id), Number(room.lastSeq)]));
  }

  /** The room's new last_seq, or null when the room has no row. */
  private async takeSeqsOfOneRoom(
    manager: EntityManager,
    { table, lastSeq, id, setActivity, at }: RoomColumns,
    roomId: number,
    count: number,
  ): Promise<number | null> {
    if (this.dataSource.driver.options.type === 'better-sqlite3') {
      const returned = (await manager.query(
        `UPDATE ${table} SET ${lastSeq} = ${lastSeq} + ?, ${setActivity} WHERE ${id} = ? RETURNING ${lastSeq} AS lastSeq`,
        [count, at, at, roomId],
      )) as Array<{ lastSeq: number }>;
      return returned.length === 0 ? null : Number(returned[0].lastSeq);
    }
    const result = (await manager.query(
      `UPDATE ${table} SET ${lastSeq} = LAST_INSERT_ID(${lastSeq} + ?), ${setActivity} WHERE ${id} = ?`,
      [count, at, at, roomId],
    )) as { affectedRows: number; insertId: number };
    return result.affectedRows === 0 ? null : Number(result.insertId);
  }

  /** The rooms table's escaped names, and `now` as the driver stores it for its activity columns. */
  private roomColumns(now: Date): RoomColumns {
    const { driver } = this.dataSource;
    const rooms = this.dataSource.getMetadata(RoomEntity);
    const name = (property: keyof RoomEntity) =>
      driver.escape(rooms.findColumnWithPropertyName(property)!.databaseName);
    return {
      table: driver.escape(rooms.tableName),
      lastSeq: name('lastSeq'),
      id: name('id'),
      setActivity: `${name('lastMessageAt')} = ?, ${name('lastActivityAt')} = ?`,
      at: driver.preparePersistentValue(now, rooms.findColumnWithPropertyName('lastMessageAt')!) as unknown,
    };
  }

  /**
   * One multi-row INSERT with positional parameters. TypeORM's insert builder names and rescans a parameter per
   * value, which costs more CPU than the database spends on the rows; values still go through the driver's own
   * conversion, so the SQL and the stored values stay the same on MySQL and SQLite. `from LAST_INSERT_ID()`: seq
   * and version are counted back from the new last_seq the statement before left there, the last row's being it.
   */
  private insertStatement(
    rows: readonly MessageEntity[],
    numbering: 'as numbered' | 'from LAST_INSERT_ID()',
  ): { sql: string; parameters: unknown[] } {
    const { driver } = this.dataSource;
    const metadata = this.dataSource.getMetadata(MessageEntity);
    const columns = metadata.columns;
    const counted = (column: ColumnMetadata) =>
      numbering === 'from LAST_INSERT_ID()' && (column.propertyName === 'seq' || column.propertyName === 'version');
    const row = `(${columns.map((column) => (counted(column) ? 'LAST_INSERT_ID() - ?' : '?')).join(', ')})`;
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

  private async findByClientIds(
    manager: EntityManager,
    drafts: readonly MessageDraft[],
  ): Promise<Map<string, MessageEntity>> {
    const wanted = new Map<number, Set<string>>();
    for (const { room, clientId } of drafts) {
      if (clientId === undefined) continue;
      const ids = wanted.get(room.id);
      if (ids) ids.add(clientId);
      else wanted.set(room.id, new Set([clientId]));
    }
    const found = new Map<string, MessageEntity>();
    if (wanted.size === 0) return found;
    const rows = await manager.find(MessageEntity, {
      where: [...wanted].map(([roomId, clientIds]) => ({ roomId, clientId: In([...clientIds]) })),
    });
    for (const row of rows) found.set(resendKey(row.roomId, row.clientId!, senderOf(row)), row);
    return found;
  }
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
    const key = draft.clientId === undefined ? null : resendKey(draft.room.id, draft.clientId, draft.sender);
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
      createdAt: now,
      version: 0,
      editedAt: null,
      deleted: false,
      replyToId: draft.replyTo?.id ?? null,
      replyToSeq: draft.replyTo?.seq ?? null,
      replyToUsername: draft.replyTo?.username ?? null,
      reactions: null,
    });
    outcomes[i] = { row, duplicate: false };
    if (key !== null) known.set(key, row);
    const fresh = freshByRoom.get(draft.room.id);
    if (fresh) fresh.push(row);
    else freshByRoom.set(draft.room.id, [row]);
  });
  return { outcomes, freshByRoom };
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

/** Rows per INSERT statement: within SQLite's limit on bound parameters (32,766; a row has 16). */
const INSERT_CHUNK = 1000;

interface RoomColumns {
  table: string;
  lastSeq: string;
  id: string;
  /** `last_message_at = ?, last_activity_at = ?`, both set to `at`. */
  setActivity: string;
  at: unknown;
}

/** One event of the log, as the union of new messages and changes reads it. */
export interface LogRow {
  seq: number;
  type: 'message' | 'update';
  messageSeq: number;
}
