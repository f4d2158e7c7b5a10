import { Injectable, NotFoundException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ErrorCode,
  type NotificationLevel,
  type NotificationLevelRequest,
  type PushKey,
  type PushSubscriptionRequest,
} from '@parley/contracts';
import type { Principal } from '../auth/principal.js';
import { ApiErrorException } from '../common/api-error.exception.js';
import type { Environment } from '../config/environment.js';
import { DomainEvents, OnDomainEvent, type DomainEventMap, type EventSource } from '../events/domain-events.js';
import { MembersService } from '../members/members.service.js';
import { RoomAccess } from '../rooms/room-access.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';
import { VapidKeysHolder } from './vapid-keys.holder.js';

/** Notification levels and push subscriptions: what the REST endpoints do. */
@Injectable()
export class NotificationsService {
  private readonly allowHttp: boolean;

  constructor(
    config: ConfigService<Environment, true>,
    private readonly vapid: VapidKeysHolder,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly access: RoomAccess,
    private readonly members: MembersService,
    private readonly events: DomainEvents,
  ) {
    this.allowHttp = config.get('PUSH_ALLOW_HTTP_ENDPOINTS', { infer: true });
  }

  /** Members only: anyone else gets the 404 of a room that does not exist. */
  async setLevel(slug: string, member: Principal, level: NotificationLevel): Promise<NotificationLevelRequest> {
    const { room } = await this.access.visible(slug, member);
    return { level: await this.members.setNotificationLevel(room, member.userId, level) };
  }

  publicKey(): PushKey {
    if (!this.vapid.keys) throw new NotFoundException('Push is not configured on this server');
    return { publicKey: this.vapid.keys.publicKey };
  }

  async subscribe(subscriber: Principal, subscription: PushSubscriptionRequest): Promise<'created' | 'updated'> {
    if (!this.vapid.keys) throw new NotFoundException('Push is not configured on this server');
    const { protocol } = new URL(subscription.endpoint);
    if (protocol !== 'https:' && !(this.allowHttp && protocol === 'http:')) {
      throw new ApiErrorException(400, ErrorCode.InvalidData, 'endpoint must be an https: URL');
    }
    const outcome = await this.subscriptions.save(
      subscription,
      { userId: subscriber.userId, sessionId: subscriber.sessionId },
      new Date(),
    );
    this.events.emit('push.subscribed', { userId: subscriber.userId });
    return outcome;
  }

  unsubscribe(subscriber: Principal, endpoint: string): Promise<void> {
    return this.subscriptions.removeEndpoint(subscriber.userId, endpoint);
  }

  /** A revoked session's subscriptions go with it (decided once, where the revocation happened). */
  @OnDomainEvent('sessions.revoked')
  async sessionsRevoked({ sessionIds }: DomainEventMap['sessions.revoked'], source: EventSource): Promise<void> {
    if (source === 'here') await this.subscriptions.removeSessions(sessionIds);
  }
}
