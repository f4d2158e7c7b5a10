import type { Attachment } from '@parley/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RoomEntity } from '../rooms/room.entity.js';

/** A file of a message as its readers see it, but for its URLs, which follow from its id. */
export type StoredAttachment = Omit<Attachment, 'url' | 'thumbnailUrl'> & { thumbnail: boolean };

/** One emoji and the people who reacted with it (by Identity.key, with their name), oldest first. */
export interface StoredReaction {
  emoji: string;
  people: Array<[key: string, username: string]>;
}

/**
 * Keyed by (room, seq): history reads are range scans of one room's rows in seq order. (room, resend key) is unique,
 * so a resent message is stored once; one batch's resends are found with `room_id = ? AND resend_key IN (…)`.
 */
@Entity('messages')
@Index('UQ_messages_room_resend_key', ['roomId', 'resendKey'], { unique: true })
export class MessageEntity {
  @PrimaryColumn({ name: 'room_id', type: 'int' })
  roomId: number;

  @PrimaryColumn({ type: 'int' })
  seq: number;

  @Index('UQ_messages_id', { unique: true })
  @Column({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  username: string;

  /** The sender's user id; null for a guest. No foreign key: users are never deleted, and the batch INSERT stays free of lookups. */
  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  content: string;

  /** The usernames it mentions (`@name`), lower-case, each between spaces (` ali bea `), for unread-mention counts. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  mentions: string | null;

  @Column({ name: 'client_id', type: 'varchar', length: 64, nullable: true })
  clientId: string | null;

  /** storedResendKey(sender, clientId): 32 hex characters; null without a clientId. */
  @Column({ name: 'resend_key', type: 'varchar', length: 32, nullable: true })
  resendKey: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  /** The seq of the latest event that changed it; its own seq while it never changed. */
  @Column({ type: 'int', default: 0 })
  version: number;

  @Column({ name: 'edited_at', type: 'datetime', precision: 3, nullable: true })
  editedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  /** The quoted message, as it was quoted: its id, seq and sender never change. */
  @Column({ name: 'reply_to_id', type: 'varchar', length: 36, nullable: true })
  replyToId: string | null;

  @Column({ name: 'reply_to_seq', type: 'int', nullable: true })
  replyToSeq: number | null;

  @Column({ name: 'reply_to_username', type: 'varchar', length: 32, nullable: true })
  replyToUsername: string | null;

  /** Everyone who reacted, per emoji in the order each was first added; null for none. */
  @Column({ type: 'simple-json', nullable: true })
  reactions: StoredReaction[] | null;

  /** Its files, in the order sent; null for none (and once deleted). Their rows are in `attachments`. */
  @Column({ type: 'simple-json', nullable: true })
  attachments: StoredAttachment[] | null;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'FK_messages_room' })
  room?: RoomEntity;
}
