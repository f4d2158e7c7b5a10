import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity.js';

/** One sign-in: it lives while its refresh tokens keep being rotated, and ends when revoked or expired. */
@Entity('sessions')
@Index('IDX_sessions_user_id', ['userId'])
export class SessionEntity {
  /** UUIDv7; the `sid` claim of its access tokens. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  /** Pushed forward by every refresh: an unused session ends AUTH_REFRESH_TTL after its last refresh. */
  @Index('IDX_sessions_expires_at')
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  /** Which of its refresh tokens is current; each rotation moves it on, and an older one presented is a replay. */
  @Column({ name: 'refresh_generation', type: 'int', default: 0 })
  refreshGeneration: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_sessions_user' })
  user?: UserEntity;
}
