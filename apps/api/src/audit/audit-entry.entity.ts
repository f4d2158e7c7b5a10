import type { AuditAction, AuditEntry } from '@parley/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One moderation action, written in the action's own transaction; never changed or deleted by the app. */
@Entity('audit_log')
@Index('IDX_audit_log_room', ['roomId', 'id'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  /** The actor's username (usernames never change). */
  @Column({ type: 'varchar', length: 32 })
  actor: string;

  @Column({ type: 'varchar', length: 16 })
  action: AuditAction;

  @Column({ type: 'varchar', length: 64 })
  target: string;

  @Column({ name: 'room_id', type: 'int', nullable: true })
  roomId: number | null;

  @Column({ type: 'simple-json' })
  details: AuditEntry['details'];
}
