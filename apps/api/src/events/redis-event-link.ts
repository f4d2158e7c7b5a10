import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { RedisClients } from '../redis/redis-clients.js';
import { EventLink } from './event-link.js';

interface Envelope {
  from: string;
  name: string;
  payload: unknown;
}

/** Events kept while Redis is away; past it the oldest are dropped (and said so): an outage must not exhaust memory. */
const OUTBOX_LIMIT = 10_000;
const RETRY_INTERVAL_MS = 2_000;

/**
 * Shared domain events over the Redis channel `<prefix>events`. An event that could not be published (Redis away, or
 * this instance's link to it cut) waits in an outbox, in order, and goes out when Redis answers again, before anything
 * published later: a revocation is as sure to arrive as the messages stored after it. Pub/sub keeps nothing for a
 * subscriber that was away, so `onResumed` tells this instance to re-read what it must not have missed.
 */
export class RedisEventLink extends EventLink implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisEventLink.name);
  private readonly instanceId = randomUUID();
  private readonly outbox: string[] = [];
  private flushing = false;
  private readonly retry: NodeJS.Timeout;

  constructor(private readonly redis: RedisClients) {
    super();
    this.retry = setInterval(() => this.flush(), RETRY_INTERVAL_MS).unref();
    redis.onReconnected(redis.commands, () => this.flush());
    redis.subscribe(this.channel).catch((error: Error) => {
      redis.warn(`Subscribing to shared events failed, until Redis returns: ${error.message}`);
    });
  }

  publish(name: string, payload: unknown): void {
    this.outbox.push(JSON.stringify({ from: this.instanceId, name, payload } satisfies Envelope));
    if (this.outbox.length > OUTBOX_LIMIT) {
      this.outbox.shift();
      this.logger.error('Redis has been away too long: the oldest unpublished shared event was dropped');
    }
    this.flush();
  }

  onReceive(listener: (name: string, payload: unknown) => void): void {
    this.redis.subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const envelope = JSON.parse(raw) as Envelope;
      if (envelope.from !== this.instanceId) listener(envelope.name, envelope.payload);
    });
  }

  onResumed(listener: () => void): void {
    this.redis.onReconnected(this.redis.subscriber, listener);
  }

  onApplicationShutdown(): void {
    clearInterval(this.retry);
  }

  /** Publishes the outbox in order; what fails stays, ahead of anything newer, for the next try. */
  private flush(): void {
    if (this.flushing || this.outbox.length === 0) return;
    this.flushing = true;
    const batch = this.outbox.slice();
    const pipeline = this.redis.commands.pipeline();
    for (const envelope of batch) pipeline.publish(this.channel, envelope);
    pipeline
      .exec()
      .then((results) => {
        const failed = (results ?? []).findIndex(([error]) => error !== null);
        this.outbox.splice(0, failed === -1 ? batch.length : failed);
        if (failed !== -1) this.redis.warn('Publishing shared events failed: retrying when Redis answers');
        return failed === -1;
      })
      .catch((error: Error) => {
        this.redis.warn(`Publishing shared events failed, will retry: ${error.message}`);
        return false;
      })
      .then((published) => {
        this.flushing = false;
        // Whatever arrived while this batch was out goes next; after a failure, the timer or the reconnect retries.
        if (published) this.flush();
      })
      .catch((error: Error) => this.logger.error(`Flushing shared events failed: ${error.message}`));
  }

  private get channel(): string {
    return `${this.redis.prefix}events`;
  }
}
