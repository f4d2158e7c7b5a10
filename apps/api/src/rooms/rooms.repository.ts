import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors.js';
import { RoomEntity } from './room.entity.js';

@Injectable()
export class RoomsRepository {
  constructor(@InjectRepository(RoomEntity) private readonly rooms: Repository<RoomEntity>) {}

  async lastSeq(id: number): Promise<number> {
    const room = await this.rooms.findOne({ select: { lastSeq: true }, where: { id } });
    return room?.lastSeq ?? 0;
  }

  findBySlug(slug: string): Promise<RoomEntity | null> {
    return this.rooms.findOneBy({ slug });
  }

  findByIds(ids: readonly number[]): Promise<RoomEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.rooms.findBy({ id: In([...ids]) });
  }

  findByDmKey(dmKey: string): Promise<RoomEntity | null> {
    return this.rooms.findOneBy({ dmKey });
  }

  /** Public rooms, most recently active first; the index on last_activity_at serves the sort. */
  listPublicRecentlyActive(limit: number): Promise<RoomEntity[]> {
    return this.rooms.find({
      where: { visibility: 'public' },
      order: { lastActivityAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /**
   * Inserts unless the slug (or, for a DM, its pair of people) exists; returns whether this call created it. Safe when
   * several instances race.
   */
  async insertIfAbsent(
    room: Pick<RoomEntity, 'slug' | 'name' | 'visibility' | 'kind' | 'dmKey'>,
    now: Date,
  ): Promise<boolean> {
    try {
      await this.rooms.insert({
        ...room,
        guests: room.visibility === 'public' && room.kind === 'room',
        lastSeq: 0,
        createdAt: now,
        lastMessageAt: null,
        lastActivityAt: now,
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** The room's guest setting; its row locked by a no-op write first (both engines), so changes take turns. */
  async lockGuests(manager: EntityManager, roomId: number): Promise<boolean> {
    await manager.query('UPDATE rooms SET guests = guests WHERE id = ?', [roomId]);
    return (await manager.findOneBy(RoomEntity, { id: roomId }))?.guests ?? false;
  }

  async setGuests(manager: EntityManager, roomId: number, guests: boolean): Promise<void> {
    await manager.update(RoomEntity, { id: roomId }, { guests });
  }
}
