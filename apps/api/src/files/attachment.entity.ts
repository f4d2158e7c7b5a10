import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { RoomEntity } from '../rooms/room.entity.js';

/**
 * An uploaded file. It belongs to its uploader and room until a message claims it (`message_id`, set in the message's
 * transaction, once); an unclaimed one is erased after a day. A deleted message's files are marked `erased_at` in the
 * delete's transaction, so they answer 404 at once, and their bytes and rows go right after the commit (or at the
 * next sweep, if this process stopped in between).
 */
@Entity('attachments')
@Index('IDX_attachments_unclaimed', ['messageId', 'createdAt'])
@Index('IDX_attachments_erased', ['erasedAt'])
export class AttachmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'room_id', type: 'int' })
  roomId: number;

  @Column({ name: 'uploader_id', type: 'varchar', length: 36 })
  uploaderId: string;

  @Column({ name: 'message_id', type: 'varchar', length: 36, nullable: true })
  messageId: string | null;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ name: 'content_type', type: 'varchar', length: 127 })
  contentType: string;

  @Column({ type: 'int', nullable: true })
  width: number | null;

  @Column({ type: 'int', nullable: true })
  height: number | null;

  /** Bytes of the thumbnail (WebP); null for a file without one. */
  @Column({ name: 'thumbnail_size', type: 'int', nullable: true })
  thumbnailSize: number | null;

  /** SHA-256 of the bytes, hex: the strong ETag. */
  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'erased_at', type: 'datetime', precision: 3, nullable: true })
  erasedAt: Date | null;

  @ManyToOne(() => RoomEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'FK_attachments_room' })
  room?: RoomEntity;
}
