import type { MemberRole, NotificationLevel } from '@parley/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RoomEntity } from '../rooms/room.entity.js';
import { UserEntity } from '../users/user.entity.js';

/** A registered user's place in a room: their role, and how far they have read. */
@Entity('memberships')
@Index('IDX_memberships_user_id', ['userId'])
export class MembershipEntity {
  @PrimaryColumn({ name: 'room_id', type: 'int' })
  roomId: number;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  role: MemberRole;

  /** The highest seq the member has read; only moves forward. 0 for a new member. */
  @Column({ name: 'read_seq', type: 'int', default: 0 })
  readSeq: number;

  @Column({ name: 'joined_at', type: 'datetime', precision: 3 })
  joinedAt: Date;

  /** Their notification level here; null while they never chose (the default of the room's kind applies). */
  @Column({ type: 'varchar', length: 8, nullable: true })
  notify: NotificationLevel | null;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'FK_memberships_room' })
  room?: RoomEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_memberships_user' })
  user?: UserEntity;
}
