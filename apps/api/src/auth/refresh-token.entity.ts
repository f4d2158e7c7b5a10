import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SessionEntity } from './session.entity.js';

/**
 * Refresh tokens issued before they carried their session's generation (RefreshTokens), by their SHA-256. None is
 * written any more: a session presenting its current one moves to a generation token and its rows go, and every row
 * goes with its session's end, so the table empties within AUTH_REFRESH_TTL of the upgrade.
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
