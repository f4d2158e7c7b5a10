import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { MemberRole, NotificationLevel } from '@parley/contracts';
import { DataSource, LessThan, MoreThan, type EntityManager, type Repository } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors.js';
import { Transactions } from '../database/transactions.js';
import { RoomEntity } from '../rooms/room.entity.js';
import { MembershipEntity } from './membership.entity.js';

/** A member as the members list shows them (online is added from the online registry). */
export interface MemberRow {
  userId: string;
  username: string;
  role: MemberRole;
  readSeq: number;
}

/** Where a member stands in a room: their marker, and what is unread for them above it. */
export interface MemberCounts {
  readSeq: number;
  unread: number;
  mentions: number;
}

/** A room of a user's, with where they stand in it. */
export interface MyRoomRow {
  room: RoomEntity;
  readSeq: number;
  unread: number;
  mentions: number;
  /** The level the member chose; null for the default of the room's kind. */
  notify: NotificationLevel | null;
}

@Injectable()
export class MembersRepository {
  constructor(
    @InjectRepository(MembershipEntity) private readonly memberships: Repository<MembershipEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /** Returns whether this call made the user a member (false: they were one already). */
  async add(roomId: number, userId: string, role: MemberRole, now: Date, manager?: EntityManager): Promise<boolean> {
    try {
      await (manager ?? this.dataSource.manager).insert(MembershipEntity, {
        roomId,
        userId,
        role,
        readSeq: 0,
        joinedAt: now,
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async remove(manager: EntityManager, roomId: number, userId: string): Promise<void> {
    await manager.delete(MembershipEntity, { roomId, userId });
  }

  find(roomId: number, userId: string): Promise<MembershipEntity | null> {
    return this.memberships.findOneBy({ roomId, userId });
  }

  /**
   * Within the caller's transaction: the roles of these users in the room (members only), their rows locked until it
   * ends on MySQL (one statement, in key order, so two of these cannot deadlock); SQLite's transactions take turns.
   * A decision made on them holds when the transaction writes it.
   */
  async lockRoles(
    manager: EntityManager,
    roomId: number,
    userIds: readonly string[],
  ): Promise<Map<string, MemberRole>> {
    const placeholders = userIds.map(() => '?').join(', ');
    const rows = (await manager.query(
      `SELECT user_id AS userId, role FROM memberships WHERE room_id = ? AND user_id IN (${placeholders})
       ORDER BY user_id${this.transactions.locksRows ? ' FOR UPDATE' : ''}`,
      [roomId, ...userIds],
    )) as Array<{ userId: string; role: MemberRole }>;
    return new Map(rows.map((row) => [row.userId, row.role]));
  }

  /** The ids of every room the user belongs to. */
  async roomIdsOf(userId: string): Promise<number[]> {
    const rows = await this.memberships.find({ select: { roomId: true }, where: { userId } });
    return rows.map((row) => row.roomId);
  }

  /** Of these (room, user) pairs, those that are memberships, as `roomId:userId`. */
  async existing(pairs: ReadonlyArray<{ roomId: number; userId: string }>): Promise<Set<string>> {
    const found = new Set<string>();
    for (let start = 0; start < pairs.length; start += PAIRS_PER_QUERY) {
      const some = pairs.slice(start, start + PAIRS_PER_QUERY);
      const rows = (await this.dataSource.query(
        `SELECT room_id AS roomId, user_id AS userId FROM memberships WHERE ${some
          .map(() => '(room_id = ? AND user_id = ?)')
          .join(' OR ')}`,
        some.flatMap((pair) => [pair.roomId, pair.userId]),
      )) as Array<{ roomId: number | string; userId: string }>;
      for (const row of rows) found.add(`${Number(row.roomId)}:${row.userId}`);
    }
    return found;
  }

  async setRole(manager: EntityManager, roomId: number, userId: string, role: MemberRole): Promise<void> {
    await manager.update(MembershipEntity, { roomId, userId }, { role });
  }

  async list(roomId: number): Promise<MemberRow[]> {
    const rows = await this.memberships.find({
      where: { roomId },
      relations: { user: true },
      order: { joinedAt: 'ASC' },
    });
    return rows.map((row) => ({
      userId: row.userId,
      username: row.user!.username,
      role: row.role,
      readSeq: row.readSeq,
    }));
  }

  /** Members whose marker is above 0. */
  async readers(roomId: number): Promise<MemberRow[]> {
    const rows = await this.memberships.find({ where: { roomId, readSeq: MoreThan(0) }, relations: { user: true } });
    return rows.map((row) => ({
      userId: row.userId,
      username: row.user!.username,
      role: row.role,
      readSeq: row.readSeq,
    }));
  }

  /** Moves the marker forward to `seq`; returns whether it moved (an older or equal seq changes nothing). */
  async setNotify(roomId: number, userId: string, level: NotificationLevel): Promise<void> {
    await this.memberships.update({ roomId, userId }, { notify: level });
  }

  async moveReadMarker(roomId: number, userId: string, seq: number): Promise<boolean> {
    const moved = await this.memberships.update({ roomId, userId, readSeq: LessThan(seq) }, { readSeq: seq });
    return (moved.affected ?? 0) > 0;
  }

  /**
   * The user's rooms, most recently active first, each with its unread messages (from others, not deleted, above the
   * marker) and those mentioning the user: one query, counted in the database.
   */
  async myRooms(userId: string, username: string, onlyRoomId?: number): Promise<MyRoomRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT m.room_id AS roomId, m.read_seq AS readSeq, m.notify AS notify, ${this.countColumns()}
       FROM memberships m JOIN rooms r ON r.id = m.room_id
       WHERE m.user_id = ?${onlyRoomId === undefined ? '' : ' AND m.room_id = ?'}
       ORDER BY r.last_activity_at DESC, r.id DESC`,
      [false, false, mentionPattern(username), userId, ...(onlyRoomId === undefined ? [] : [onlyRoomId])],
    )) as Array<{
      roomId: number;
      readSeq: number;
      notify: NotificationLevel | null;
      unread: number | string;
      mentions: number | string;
    }>;
    if (rows.length === 0) return [];
    const rooms = new Map(
      (await this.dataSource.getRepository(RoomEntity).findBy(rows.map((row) => ({ id: row.roomId })))).map((room) => [
        room.id,
        room,
      ]),
    );
    return rows.map((row) => ({
      room: rooms.get(Number(row.roomId))!,
      readSeq: Number(row.readSeq),
      unread: Number(row.unread),
      mentions: Number(row.mentions),
      notify: row.notify,
    }));
  }

  /**
   * The counts of several members of one room at once (those of `myRooms`, each with its own mentions), in one
   * statement per MEMBERS_PER_COUNT members; members who are not in the room are left out.
   */
  async countsInRoom(
    roomId: number,
    members: ReadonlyArray<{ userId: string; username: string }>,
  ): Promise<Map<string, MemberCounts>> {
    const counts = new Map<string, MemberCounts>();
    for (let start = 0; start < members.length; start += MEMBERS_PER_COUNT) {
      const some = members.slice(start, start + MEMBERS_PER_COUNT);
      const rows = (await this.dataSource.query(
        some
          .map(
            () => `SELECT m.user_id AS userId, m.read_seq AS readSeq, ${this.countColumns()}
             FROM memberships m WHERE m.room_id = ? AND m.user_id = ?`,
          )
          .join(' UNION ALL '),
        some.flatMap(({ userId, username }) => [false, false, mentionPattern(username), roomId, userId]),
      )) as Array<{ userId: string; readSeq: number; unread: number | string; mentions: number | string }>;
      for (const row of rows) {
        counts.set(row.userId, {
          readSeq: Number(row.readSeq),
          unread: Number(row.unread),
          mentions: Number(row.mentions),
        });
      }
    }
    return counts;
  }

  /**
   * `unread, mentions` of the membership `m`: messages from others, not deleted, above its marker, and those whose
   * mentions match the pattern. Parameters: false, false, the mention pattern.
   */
  private countColumns(): string {
    const unreadFrom = `FROM ${this.dataSource.driver.escape('messages')} x WHERE x.room_id = m.room_id
      AND x.seq > m.read_seq AND x.deleted = ? AND (x.user_id IS NULL OR x.user_id <> m.user_id)`;
    return `(SELECT COUNT(*) ${unreadFrom}) AS unread,
      (SELECT COUNT(*) ${unreadFrom} AND x.mentions LIKE ? ESCAPE '!') AS mentions`;
  }
}

/** Memberships looked up per statement: two parameters each. */
const PAIRS_PER_QUERY = 500;

/** Members counted per statement: five parameters each, well within both engines' limits. */
const MEMBERS_PER_COUNT = 200;

/** `% name %` for LIKE, with the wildcards a username can hold (`_`) escaped. */
function mentionPattern(username: string): string {
  return `% ${username.replace(/[!%_]/g, (character) => `!${character}`)} %`;
}
