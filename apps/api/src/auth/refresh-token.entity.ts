import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SessionEntity } from './session.entity.js';

/**
 * Every refresh token a session was given, by its SHA-256 (the token itself is never stored). A token is spent when
 * presented; presenting a spent one again means it was stolen, and revokes its session.
 */
@Entity('refresh_tokens')
@Index('IDX_refresh_tokens_session_id', ['sessionId'])
export class RefreshTokenEntity {
  /** Hex SHA-256 of the token. */
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'session_id', type: 'varchar', length: 36 })
  sessionId: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ name: 'spent_at', type: 'datetime', precision: 3, nullable: true })
  spentAt: Date | null;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_refresh_tokens_session' })
  session?: SessionEntity;
}
