import type { RoomKind, RoomVisibility } from '@parley/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('rooms')
export class RoomEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** Lower-case; unique, so slugs compare case-insensitively. */
  @Index('UQ_rooms_slug', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16, default: 'public' })
  visibility: RoomVisibility;

  @Column({ type: 'varchar', length: 16, default: 'room' })
  kind: RoomKind;

  /** DMs only: the two user ids, sorted and joined, so the same two people have one DM however they ask. */
  @Index('UQ_rooms_dm_key', { unique: true })
  @Column({ name: 'dm_key', type: 'varchar', length: 80, nullable: true })
  dmKey: string | null;

  /** Whether guests may open it: public rooms only, true until a manager turns them off. */
  @Column({ type: 'boolean', default: true })
  guests: boolean;

  /** Seq of the room's newest message; the next messages take the numbers after it, inside the storing transaction. */
  @Column({ name: 'last_seq', type: 'int', default: 0 })
  lastSeq: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'last_message_at', type: 'datetime', precision: 3, nullable: true })
  lastMessageAt: Date | null;

  /** Creation time until the first message, then the last message's time: the room list's sort key. */
  @Index('IDX_rooms_last_activity_at')
  @Column({ name: 'last_activity_at', type: 'datetime', precision: 3 })
  lastActivityAt: Date;
}
