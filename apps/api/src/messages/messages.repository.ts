import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, LessThan, MoreThan, type Repository } from 'typeorm';
import { MessageEntity } from './message.entity.js';

export type PageCursor = { before: number } | { after: number } | Record<string, never>;

export interface RowPage {
  /** Oldest first. */
  rows: MessageEntity[];
  hasMore: boolean;
}

/** The reads of the room log: pages of messages, single messages, and the log of new messages and changes. */
@Injectable()
export class MessagesRepository {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

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

  /**
   * The message at `seq` (or the nearest before it) and up to `limit` messages in all around it, about half each way
   * (more on one side when the other has fewer), oldest first; and whether more lie beyond either end.
   */
  async around(
    roomId: number,
    seq: number,
    limit: number,
  ): Promise<{ rows: MessageEntity[]; hasMoreBefore: boolean; hasMoreAfter: boolean }> {
    const [atOrBefore, after] = await Promise.all([
      this.messages.find({ where: { roomId, seq: LessThan(seq + 1) }, order: { seq: 'DESC' }, take: limit + 1 }),
      this.messages.find({ where: { roomId, seq: MoreThan(seq) }, order: { seq: 'ASC' }, take: limit + 1 }),
    ]);
    const before = Math.min(atOrBefore.length, Math.max(Math.ceil(limit / 2), limit - after.length));
    const later = Math.min(after.length, limit - before);
    return {
      rows: [...atOrBefore.slice(0, before).reverse(), ...after.slice(0, later)],
      hasMoreBefore: atOrBefore.length > before,
      hasMoreAfter: after.length > later,
    };
  }

  findById(roomId: number, id: string): Promise<MessageEntity | null> {
    return this.messages.findOneBy({ roomId, id });
  }

  findByIds(roomId: number, ids: readonly string[]): Promise<MessageEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.messages.findBy({ roomId, id: In([...ids]) });
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
}

/** One event of the log, as the union of new messages and changes reads it. */
export interface LogRow {
  seq: number;
  type: 'message' | 'update';
  messageSeq: number;
}
