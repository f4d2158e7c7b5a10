import type { ReportStatus } from '@parley/contracts';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One person's report of one message; the message itself is read as it is now whenever the report is shown. */
@Entity('reports')
@Index('UQ_reports_message_reporter', ['messageId', 'reporterId'], { unique: true })
@Index('IDX_reports_status', ['status', 'id'])
@Index('IDX_reports_room', ['roomId', 'status', 'id'])
export class ReportEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'room_id', type: 'int' })
  roomId: number;

  @Column({ name: 'message_id', type: 'varchar', length: 36 })
  messageId: string;

  @Column({ name: 'message_seq', type: 'int' })
  messageSeq: number;

  @Column({ name: 'reporter_id', type: 'varchar', length: 36 })
  reporterId: string;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ type: 'varchar', length: 8 })
  status: ReportStatus;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'resolved_by', type: 'varchar', length: 32, nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'datetime', precision: 3, nullable: true })
  resolvedAt: Date | null;
}
