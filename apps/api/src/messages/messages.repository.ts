import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, In, LessThan, MoreThan, type EntityManager, type Repository } from 'typeorm';
import { RoomEntity } from '../rooms/room.entity.js';
import type { MessageDraft } from './message-draft.js';
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
   * Stores a batch in one transaction: per room, seqs are taken by bumping rooms.last_seq (the row lock
   * serialises writers of a room across processes) and the new rows go in as one multi-row INSERT.
   * Drafts whose (room, clientId, sender) is already stored, in the table or earlier in the batch, are not stored again.
   */
  appendBatch(drafts: readonly MessageDraft[], now: Date): Promise<AppendOutcome[]> {
    return this.dataSource.transaction(async (manager) => {
      const outcomes = new Array<AppendOutcome>(drafts.length);
      for (const [roomId, indexes] of groupByRoom(drafts)) {
        await this.appendToRoom(manager, roomId, drafts, indexes, outcomes, now);
      }
      return outcomes;
    });
  }

  private async appendToRoom(
    manager: EntityManager,
    roomId: number,
    drafts: readonly MessageDraft[],
    indexes: number[],
    outcomes: AppendOutcome[],
    now: Date,
  ): Promise<void> {
    const known = await this.findByClientIds(
      manager,
      roomId,
      indexes.map((i) => drafts[i].clientId),
    );
    const fresh: number[] = [];
    for (const i of indexes) {
      const { username, clientId } = drafts[i];
      const earlier = clientId ? known.get(resendKey(clientId, username)) : undefined;
      if (earlier) {
        outcomes[i] = { row: earlier, duplicate: true };
        continue;
      }
      fresh.push(i);
      const row = manager.create(MessageEntity, {
        roomId,
        seq: 0,
        id: uuidv7(),
        username,
        content: drafts[i].content,
        clientId: clientId ?? null,
        createdAt: now,
      });
      outcomes[i] = { row, duplicate: false };
      if (clientId) known.set(resendKey(clientId, username), row);
    }
    if (fresh.length === 0) return;

    await manager
      .createQueryBuilder()
      .update(RoomEntity)
      .set({ lastSeq: () => `last_seq + ${fresh.length}`, lastMessageAt: now, lastActivityAt: now })
      .where('id = :roomId', { roomId })
      .execute();
    const { lastSeq } = await manager.findOneOrFail(RoomEntity, { select: { lastSeq: true }, where: { id: roomId } });
    const firstSeq = lastSeq - fresh.length + 1;
    const rows = fresh.map((i, position) => {
      const row = outcomes[i].row;
      row.seq = firstSeq + position;
      return row;
    });
    await manager.createQueryBuilder().insert().into(MessageEntity).values(rows).updateEntity(false).execute();
  }

  private async findByClientIds(
    manager: EntityManager,
    roomId: number,
    clientIds: Array<string | undefined>,
  ): Promise<Map<string, MessageEntity>> {
    const wanted = [...new Set(clientIds.filter((id): id is string => id !== undefined))];
    const found = new Map<string, MessageEntity>();
    if (wanted.length === 0) return found;
    const rows = await manager.find(MessageEntity, { where: { roomId, clientId: In(wanted) } });
    for (const row of rows) found.set(resendKey(row.clientId!, row.username), row);
    return found;
  }
}

function groupByRoom(drafts: readonly MessageDraft[]): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  drafts.forEach((draft, index) => {
    const group = groups.get(draft.room.id);
    if (group) group.push(index);
    else groups.set(draft.room.id, [index]);
  });
  // Rooms locked in one order by every writer cannot deadlock against each other.
  return new Map([...groups].sort(([a], [b]) => a - b));
}

function resendKey(clientId: string, username: string): string {
  return `${clientId}\u0000${username}`;
}
