import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MessageEntity } from './message.entity.js';

export type MessageChangeKind = 'edit' | 'delete' | 'react';

/**
 * A change to a message, with its own seq in the room's log (a new message's seq is its row's own). It holds no text:
 * after a delete the old words are nowhere. (room, resend key) is unique, so a resent change applies once.
 */
@Entity('message_events')
@Index('UQ_message_events_room_resend_key', ['roomId', 'resendKey'], { unique: true })
@Index('IDX_message_events_message', ['roomId', 'messageSeq'])
export class MessageEventEntity {
  @PrimaryColumn({ name: 'room_id', type: 'int' })
  roomId: number;

  @PrimaryColumn({ type: 'int' })
  seq: number;

  @Column({ name: 'message_seq', type: 'int' })
  messageSeq: number;

  @Column({ type: 'varchar', length: 16 })
  kind: MessageChangeKind;

  /** storedResendKey(sender, clientId): 32 hex characters; null without a clientId. */
  @Column({ name: 'resend_key', type: 'varchar', length: 32, nullable: true })
  resendKey: string | null;

  /** Identity.key of who made the change. */
  @Column({ name: 'sender_key', type: 'varchar', length: 80, nullable: true })
  senderKey: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn([
    { name: 'room_id', referencedColumnName: 'roomId', foreignKeyConstraintName: 'FK_message_events_message' },
    { name: 'message_seq', referencedColumnName: 'seq', foreignKeyConstraintName: 'FK_message_events_message' },
  ])
  message?: MessageEntity;
}
