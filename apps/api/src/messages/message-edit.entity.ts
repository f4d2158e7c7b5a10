import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from './message.entity.js';

/** An earlier version of an edited message's text, kept until the message is deleted. */
@Entity('message_edits')
export class MessageEditEntity {
  @PrimaryColumn({ name: 'room_id', type: 'int' })
  roomId: number;

  @PrimaryColumn({ name: 'message_seq', type: 'int' })
  messageSeq: number;

  /** The seq at which this version was written (the message's own seq for the original). */
  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'text' })
  content: string;

  /** When this version was written; null for the original. */
  @Column({ name: 'written_at', type: 'datetime', precision: 3, nullable: true })
  writtenAt: Date | null;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'room_id', referencedColumnName: 'roomId', foreignKeyConstraintName: 'FK_message_edits_message' },
    { name: 'message_seq', referencedColumnName: 'seq', foreignKeyConstraintName: 'FK_message_edits_message' },
  ])
  message?: MessageEntity;
}
