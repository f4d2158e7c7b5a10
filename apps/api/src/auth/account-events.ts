import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';

/** What every instance must hear about accounts, wherever it happened. */
export type AccountEvent =
  | { type: 'sessions-revoked'; sessionIds: string[] }
  | { type: 'name-registered'; username: string }
  /** The user joined, was added to or removed from a room: their own stream follows it. */
  | {
      type: 'membership-changed';
      userId: string;
      roomId: number;
      slug: string;
      change: 'joined' | 'added' | 'removed';
      by: string | null;
    };

interface Envelope {
  from: string;
  event: AccountEvent;
}

/**
 * Account changes, told to this instance's listeners at once and to the other instances over the Redis channel
 * `<prefix>accounts` (when there is a Redis): a revoked session closes its sockets and is refused everywhere within
 * the time pub/sub takes; a registered name stops being available to guests everywhere; a user's rooms change in
 * their own stream wherever it is open.
 */
@Injectable()
export class AccountEvents implements OnModuleInit {
  private readonly instanceId = randomUUID();
  private readonly listeners: Array<(event: AccountEvent) => void> = [];

  constructor(@Inject(REDIS) private readonly redis: RedisClients | null) {}

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    this.redis.subscriber.on('message', (channel: string, payload: string) => {
      if (channel !== this.channel) return;
      const envelope = JSON.parse(payload) as Envelope;
      if (envelope.from !== this.instanceId) this.tell(envelope.event);
    });
    await this.redis.subscriber.subscribe(this.channel).catch((error: Error) => {
      this.redis?.warn(`Subscribing to account changes failed: ${error.message}`);
    });
  }

  publish(event: AccountEvent): void {
    this.tell(event);
    this.redis?.commands
      .publish(this.channel, JSON.stringify({ from: this.instanceId, event } satisfies Envelope))
      .catch((error: Error) => this.redis?.warn(`Publishing an account change failed: ${error.message}`));
  }

  on(listener: (event: AccountEvent) => void): void {
    this.listeners.push(listener);
  }

  private tell(event: AccountEvent): void {
    this.listeners.forEach((listener) => listener(event));
  }

  private get channel(): string {
    return `${this.redis?.prefix ?? ''}accounts`;
  }
}
