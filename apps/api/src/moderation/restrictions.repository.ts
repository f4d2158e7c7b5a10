import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan, type EntityManager } from 'typeorm';
import { RoomBanEntity, RoomMuteEntity } from './room-restriction.entity.js';

/** The most bans or mutes one listing answers with (newest first). */
export const LISTED_AT_MOST = 1_000;

/**
 * The queries of bans and mutes. Each holds until its `until` (a ban without one: until lifted); one that has run
 * out is as if it were not there, and is replaced by the next one given.
 */
@Injectable()
export class RestrictionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the user is banned from the room now (read through the caller's transaction when given). */
  async isBanned(roomId: number, userId: string, manager?: EntityManager): Promise<boolean> {
    return (manager ?? this.dataSource.manager).existsBy(RoomBanEntity, [
      { roomId, userId, until: IsNull() },
      { roomId, userId, until: MoreThan(new Date()) },
    ]);
  }

  async putBan(manager: EntityManager, ban: RoomBanEntity): Promise<void> {
    await manager.upsert(RoomBanEntity, ban, ['roomId', 'userId']);
  }

  /** Whether a ban in force was lifted. */
  async deleteBan(manager: EntityManager, roomId: number, userId: string): Promise<boolean> {
    const active = await this.isBanned(roomId, userId, manager);
    await manager.delete(RoomBanEntity, { roomId, userId });
    return active;
  }

  async putMute(manager: EntityManager, mute: RoomMuteEntity): Promise<void> {
    await manager.upsert(RoomMuteEntity, mute, ['roomId', 'userId']);
  }

  /** Whether a mute in force was lifted. */
  async deleteMute(manager: EntityManager, roomId: number, userId: string): Promise<boolean> {
    const active = await manager.existsBy(RoomMuteEntity, { roomId, userId, until: MoreThan(new Date()) });
    await manager.delete(RoomMuteEntity, { roomId, userId });
    return active;
  }

  /** The room's bans in force, newest first (at most LISTED_AT_MOST). */
  activeBans(roomId: number): Promise<RoomBanEntity[]> {
    return this.dataSource.getRepository(RoomBanEntity).find({
      where: [
        { roomId, until: IsNull() },
        { roomId, until: MoreThan(new Date()) },
      ],
      order: { createdAt: 'DESC' },
      take: LISTED_AT_MOST,
    });
  }

  /** Every mute in force in the room: who, until when (what MuteBook checks frames against). */
  async mutesInForce(roomId: number): Promise<Array<Pick<RoomMuteEntity, 'userId' | 'until'>>> {
    return this.dataSource.getRepository(RoomMuteEntity).find({
      select: { userId: true, until: true },
      where: { roomId, until: MoreThan(new Date()) },
    });
  }

  /** The room's mutes in force, newest first (at most LISTED_AT_MOST). */
  activeMutes(roomId: number): Promise<RoomMuteEntity[]> {
    return this.dataSource.getRepository(RoomMuteEntity).find({
      where: { roomId, until: MoreThan(new Date()) },
      order: { createdAt: 'DESC' },
      take: LISTED_AT_MOST,
    });
  }
}
