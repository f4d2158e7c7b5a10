import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What bans and mutes share: a registered user held back in one room by someone, until a time. */
abstract class RoomRestriction {
  @PrimaryColumn({ name: 'room_id', type: 'int' })
  roomId: number;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'by_username', type: 'varchar', length: 32 })
  byUsername: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A ban: out of the room, unable to open it or be added back, until `until` (null: until lifted). */
@Entity('room_bans')
export class RoomBanEntity extends RoomRestriction {
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  until: Date | null;
}

/** A mute: still in the room and reading it, but sending nothing there until `until`. */
@Entity('room_mutes')
export class RoomMuteEntity extends RoomRestriction {
  @Column({ type: 'datetime', precision: 3 })
  until: Date;
}
