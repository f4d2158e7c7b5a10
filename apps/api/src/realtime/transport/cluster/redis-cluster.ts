import type { RoomEvent } from '@parley/contracts';
import { randomUUID } from 'node:crypto';
import type { RedisClients } from '../../../redis/redis-clients.js';
import { Cluster } from './cluster.js';

interface Envelope {
  /** The publishing instance, which has delivered the event to its own connections already. */
  from: string;
  event: RoomEvent;
}

/**
 * Many instances on one Redis: each room has a pub/sub channel (`<prefix>room:<slug>`) carrying its events, and an
 * instance subscribes to the rooms it has connections in, so traffic follows interest. Pub/sub may lose what is
 * published while Redis is away; `onResumed` tells the relay, which reads the timeline back from the database.
 */
export class RedisCluster extends Cluster {
  private readonly instanceId = randomUUID();
  private readonly listeners: Array<(event: RoomEvent) => void> = [];
  private readonly resumedListeners: Array<() => void> = [];

  constructor(private readonly redis: RedisClients) {
    super();
    redis.onReconnected(redis.subscriber, () => this.resumedListeners.forEach((listener) => listener()));
    // The subscriber connection is shared: other channels (account changes) are not ours to read.
    redis.subscriber.on('message', (channel: string, payload: string) => {
      if (channel.startsWith(this.channel(''))) this.receive(payload);
    });
  }

  async subscribe(room: string): Promise<void> {
    try {
      await this.redis.subscribe(this.channel(room));
    } catch (error) {
      this.redis.warn(
        `Subscribing to ${room} failed, local delivery only until Redis returns: ${(error as Error).message}`,
      );
    }
  }

  unsubscribe(room: string): void {
    this.redis.unsubscribe(this.channel(room)).catch(() => undefined);
  }

  publish(events: readonly RoomEvent[]): void {
    const pipeline = this.redis.commands.pipeline();
    for (const event of events) {
      pipeline.publish(this.channel(event.room), JSON.stringify({ from: this.instanceId, event } satisfies Envelope));
    }
    pipeline.exec().catch((error: Error) => this.redis.warn(`Publishing to other instances failed: ${error.message}`));
  }

  onEvent(listener: (event: RoomEvent) => void): void {
    this.listeners.push(listener);
  }

  onResumed(listener: () => void): void {
    this.resumedListeners.push(listener);
  }

  private receive(payload: string): void {
    const envelope = JSON.parse(payload) as Envelope;
    if (envelope.from === this.instanceId) return;
    this.listeners.forEach((listener) => listener(envelope.event));
  }

  private channel(room: string): string {
    return `${this.redis.prefix}room:${room}`;
  }
}
