import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RoomEntity } from '../rooms/room.entity.js';

/**
 * The one home of a room log's seqs: `rooms.last_seq` is moved forward inside the writing transaction, and its row
 * lock orders every writer of the room across instances (taken in id order, so writers of several rooms cannot
 * deadlock). Plain SQL on the entity's names, in each engine's dialect: TypeORM's builders cost more CPU per batch than
 * the statements themselves.
 */
@Injectable()
export class RoomSeqs {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Moves each room's last_seq past its `counts` new entries and returns the new values (rooms with no row are left
   * out). One room: one statement that updates and reads (MySQL hands back LAST_INSERT_ID(expr) in the update's
   * answer; SQLite has RETURNING). Several rooms: one update for all of them and one read.
   */
  async take(manager: EntityManager, counts: ReadonlyMap<number, number>, now: Date): Promise<Map<number, number>> {
    const { table, lastSeq, id, setActivity, at } = this.columns(now);
    if (counts.size === 1) {
      const [[roomId, count]] = counts;
      const seq = await this.takeInOneRoom(manager, roomId, count, now);
      return new Map(seq === null ? [] : [[roomId, seq]]);
    }
    const roomIds = [...counts.keys()].sort((a, b) => a - b);
    const cases = roomIds.map(() => 'WHEN ? THEN ?').join(' ');
    const inList = roomIds.map(() => '?').join(', ');
    await manager.query(
      `UPDATE ${table} SET ${lastSeq} = ${lastSeq} + CASE ${id} ${cases} END, ${setActivity} WHERE ${id} IN (${inList})`,
      [...roomIds.flatMap((roomId) => [roomId, counts.get(roomId)!]), at, at, ...roomIds],
    );
    const rooms = (await manager.query(
      `SELECT ${id} AS id, ${lastSeq} AS lastSeq FROM ${table} WHERE ${id} IN (${inList})`,
      roomIds,
    )) as Array<{ id: number | string; lastSeq: number | string }>;
    return new Map(rooms.map((room) => [Number(room.id), Number(room.lastSeq)]));
  }

  /** One more entry of the room's log (a change to a message); the room's row must exist (it is locked already). */
  async takeOne(manager: EntityManager, roomId: number, now: Date): Promise<number> {
    const seq = await this.takeInOneRoom(manager, roomId, 1, now, false);
    if (seq === null) throw new Error(`Room ${roomId} has no row`);
    return seq;
  }

  /** Takes the room's row lock without changing it: the room's writers, on every instance, queue behind it. */
  async lock(manager: EntityManager, roomId: number): Promise<void> {
    const { table, lastSeq, id } = this.columns(new Date());
    await manager.query(`UPDATE ${table} SET ${lastSeq} = ${lastSeq} WHERE ${id} = ?`, [roomId]);
  }

  /**
   * For MySQL's one-round-trip batch: the statement that moves the room's last_seq past `count` entries and leaves
   * the new value in LAST_INSERT_ID(), which the INSERT after it numbers its rows from.
   */
  bumpForOneTrip(roomId: number, count: number, now: Date): { sql: string; parameters: unknown[] } {
    const { table, lastSeq, id, setActivity, at } = this.columns(now);
    return {
      sql: `UPDATE ${table} SET ${lastSeq} = LAST_INSERT_ID(${lastSeq} + ?), ${setActivity} WHERE ${id} = ?`,
      parameters: [count, at, at, roomId],
    };
  }

  /** The room's new last_seq, or null when the room has no row. */
  /** `newMessages`: the entries are new messages, which move the room's last message and activity times. */
  private async takeInOneRoom(
    manager: EntityManager,
    roomId: number,
    count: number,
    now: Date,
    newMessages = true,
  ): Promise<number | null> {
    const { table, lastSeq, id, setActivity, at } = this.columns(now);
    const activity = newMessages ? `, ${setActivity}` : '';
    const activityParameters = newMessages ? [at, at] : [];
    if (this.dataSource.driver.options.type === 'better-sqlite3') {
      const returned = (await manager.query(
        `UPDATE ${table} SET ${lastSeq} = ${lastSeq} + ?${activity} WHERE ${id} = ? RETURNING ${lastSeq} AS lastSeq`,
        [count, ...activityParameters, roomId],
      )) as Array<{ lastSeq: number }>;
      return returned.length === 0 ? null : Number(returned[0].lastSeq);
    }
    const result = (await manager.query(
      `UPDATE ${table} SET ${lastSeq} = LAST_INSERT_ID(${lastSeq} + ?)${activity} WHERE ${id} = ?`,
      [count, ...activityParameters, roomId],
    )) as { affectedRows: number; insertId: number };
    return result.affectedRows === 0 ? null : Number(result.insertId);
  }

  /** The rooms table's escaped names, and `now` as the driver stores it for its activity columns. */
  private columns(now: Date) {
    const { driver } = this.dataSource;
    const rooms = this.dataSource.getMetadata(RoomEntity);
    const name = (property: keyof RoomEntity) =>
      driver.escape(rooms.findColumnWithPropertyName(property)!.databaseName);
    return {
      table: driver.escape(rooms.tableName),
      lastSeq: name('lastSeq'),
      id: name('id'),
      /** A new message: `last_message_at = ?, last_activity_at = ?`, both set to `at`. */
      setActivity: `${name('lastMessageAt')} = ?, ${name('lastActivityAt')} = ?`,
      at: driver.preparePersistentValue(now, rooms.findColumnWithPropertyName('lastMessageAt')!) as unknown,
    };
  }
}
