import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SessionEntity } from '../auth/session.entity.js';

/**
 * A browser's push subscription, held for the sign-in session that made it: revoking the session deletes it, and
 * so does the session's end (the foreign key). An endpoint is one browser's: subscribing it again moves it.
 */
@Entity('push_subscriptions')
@Index('UQ_push_subscriptions_endpoint', ['endpointHash'], { unique: true })
@Index('IDX_push_subscriptions_user', ['userId'])
@Index('IDX_push_subscriptions_session', ['sessionId'])
export class PushSubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** SHA-256 of the endpoint, hex: the unique key (an endpoint URL is longer than an index takes). */
  @Column({ name: 'endpoint_hash', type: 'varchar', length: 64 })
  endpointHash: string;

  @Column({ type: 'text' })
  endpoint: string;

  /** The browser's P-256 public key, base64url (RFC 8291). */
  @Column({ type: 'varchar', length: 128 })
  p256dh: string;

  /** The browser's authentication secret, base64url. */
  @Column({ type: 'varchar', length: 64 })
  auth: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'session_id', type: 'varchar', length: 36 })
  sessionId: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_push_subscriptions_session' })
  session?: SessionEntity;
}
