import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { defaultNotificationLevel, notifies, type ChatMessage } from '@parley/contracts';
import { inBackground } from '../common/background.js';
import { OnDomainEvent, type DomainEventMap, type EventSource } from '../events/domain-events.js';
import { OnlineRegistry } from '../online/online-registry.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { PushSender } from './push-sender.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';
import { VapidKeysHolder } from './vapid-keys.holder.js';

/**
 * Decides who is pushed for new messages. Only the instance that stored a message hears `message.stored`, so each
 * message is considered once in the whole deployment: for each subscription of a member of its room whose level
 * covers it (someone else's message; their level, or the kind's default), when that member had no socket open
 * anywhere when the message was stored (the online registry, across instances), the PushSender queues it. Nothing is asked of the database while
 * no browser has ever subscribed.
 */
@Injectable()
export class PushDispatcher implements OnModuleInit {
  private readonly logger = new Logger(PushDispatcher.name);
  /** Whether any subscription may exist: read at start, set by a subscription on any instance. */
  private anySubscribed = false;

  constructor(
    private readonly vapid: VapidKeysHolder,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly online: OnlineRegistry,
    private readonly rooms: RoomsService,
    private readonly sender: PushSender,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.vapid.keys) this.anySubscribed = await this.subscriptions.any();
  }

  @OnDomainEvent('push.subscribed')
  subscribed(_event: DomainEventMap['push.subscribed'], _source: EventSource): void {
    this.anySubscribed = true;
  }

  @OnDomainEvent('message.stored')
  stored({ messages }: DomainEventMap['message.stored']): void {
    if (!this.anySubscribed || !this.vapid.keys) return;
    const byRoom = new Map<string, ChatMessage[]>();
    for (const message of messages) {
      const some = byRoom.get(message.room);
      if (some) some.push(message);
      else byRoom.set(message.room, [message]);
    }
    for (const [slug, roomMessages] of byRoom) {
      inBackground(this.dispatch(slug, roomMessages), this.logger, `Pushing for ${slug}`);
    }
  }

  private async dispatch(slug: string, messages: readonly ChatMessage[]): Promise<void> {
    const room = await this.rooms.find(slug);
    if (!room) return;
    const audience = await this.subscriptions.audience(room.id);
    if (audience.length === 0) return;
    const userIds = [...new Set(audience.map((row) => row.userId))];
    // Online when the messages were stored, not when this read comes: someone who saw them and left is not pushed.
    const storedAt = Math.min(...messages.map((message) => Date.parse(message.createdAt)));
    const onlineThen = await this.online.areOnline(userIds, storedAt);
    const online = new Set(userIds.filter((_, i) => onlineThen[i]));
    for (const row of audience) {
      if (online.has(row.userId)) continue;
      const level = row.notify ?? defaultNotificationLevel(room.kind);
      for (const message of messages) {
        if (notifies(level, room, message, row)) this.sender.enqueue(row, room, message);
      }
    }
  }
}
