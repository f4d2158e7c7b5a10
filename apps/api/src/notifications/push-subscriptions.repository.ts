import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NotificationLevel, PushSubscriptionRequest } from '@parley/contracts';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, In } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors.js';
import { PushSubscriptionEntity } from './push-subscription.entity.js';

/** A subscription with what deciding a push to it needs: its member's name and level in the message's room. */
export interface PushAudienceRow {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  userId: string;
  username: string;
  notify: NotificationLevel | null;
}

const endpointHash = (endpoint: string) => createHash('sha256').update(endpoint).digest('hex');

/** The queries on `push_subscriptions`. */
@Injectable()
export class PushSubscriptionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(PushSubscriptionEntity);
  }

  /**
   * The endpoint held for this session: `created`, or `updated` when the endpoint was known (its keys renewed, or the
   * browser now signed in as someone else). Two subscriptions of one endpoint at once end as one row.
   */
  async save(
    subscription: PushSubscriptionRequest,
    owner: { userId: string; sessionId: string },
    now: Date,
  ): Promise<'created' | 'updated'> {
    const hash = endpointHash(subscription.endpoint);
    const values = { p256dh: subscription.keys.p256dh, auth: subscription.keys.auth, ...owner };
    for (;;) {
      const updated = await this.rows.update({ endpointHash: hash }, values);
      if ((updated.affected ?? 0) > 0) return 'updated';
      try {
        await this.rows.insert({
          id: uuidv7(),
          endpointHash: hash,
          endpoint: subscription.endpoint,
          createdAt: now,
          ...values,
        });
        return 'created';
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  async removeEndpoint(userId: string, endpoint: string): Promise<void> {
    await this.rows.delete({ userId, endpointHash: endpointHash(endpoint) });
  }

  async removeSessions(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length > 0) await this.rows.delete({ sessionId: In([...sessionIds]) });
  }

  async remove(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  any(): Promise<boolean> {
    return this.rows.exists();
  }

  /**
   * Every subscription of a session not revoked (an ended one is deleted, and its subscriptions with it) whose user
   * belongs to the room, with that member's name and level.
   */
  async audience(roomId: number): Promise<PushAudienceRow[]> {
    return (await this.dataSource.query(
      `SELECT s.id AS id, s.endpoint AS endpoint, s.p256dh AS p256dh, s.auth AS auth, s.user_id AS userId,
              u.username AS username, m.notify AS notify
       FROM push_subscriptions s
       JOIN memberships m ON m.user_id = s.user_id AND m.room_id = ?
       JOIN users u ON u.id = s.user_id
       JOIN sessions x ON x.id = s.session_id AND x.revoked_at IS NULL`,
      [roomId],
    )) as PushAudienceRow[];
  }
}
