import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

const WARNING_INTERVAL_MS = 10_000;
const CONNECT_TIMEOUT_MS = 2_000;

/**
 * The Redis connections one instance shares between its users (room channels, presence, rate limits): `commands` for
 * requests, `subscriber` for pub/sub, which Redis dedicates to it. Neither queues commands while Redis is away: a
 * caller gets an error at once and carries on without Redis.
 */
export class RedisClients {
  private readonly logger = new Logger('Redis');
  private lastWarningAt = 0;
  /** What this instance listens to, said again each time the subscriber connection is (re)established. */
  private readonly channels = new Set<string>();

  private constructor(
    readonly commands: Redis,
    readonly subscriber: Redis,
    /** Prefix of every key and channel, so several deployments (or test runs) can share one Redis. */
    readonly prefix: string,
  ) {
    for (const connection of [commands, subscriber]) {
      connection.on('error', (error: Error) => this.warn(`Redis: ${error.message}`));
    }
    // ioredis resubscribes by itself only after a connection that was ready; one lost during its first handshake (a
    // busy host's connect timeout) came back subscribed to nothing, and this instance heard no other from then on.
    subscriber.on('ready', () => {
      if (this.channels.size === 0) return;
      subscriber
        .subscribe(...this.channels)
        .catch((error: Error) => this.warn(`Resubscribing failed: ${error.message}`));
    });
  }

  /** Listens to a channel, now and after every reconnection. */
  async subscribe(channel: string): Promise<void> {
    this.channels.add(channel);
    await this.subscriber.subscribe(channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.channels.delete(channel);
    await this.subscriber.unsubscribe(channel);
  }

  /**
   * Waits for the first connection (or its timeout: an instance whose Redis is down at start still starts, alone, and
   * catches up when Redis arrives). ioredis is loaded only here, so an instance without REDIS_URL never imports it.
   */
  static async connect(url: string, prefix: string): Promise<RedisClients> {
    const { Redis } = await import('ioredis');
    const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: CONNECT_TIMEOUT_MS };
    const commands = new Redis(url, options);
    const subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
    const clients = new RedisClients(commands, subscriber, prefix);
    const ready = new Promise((resolve) => commands.once('ready', resolve));
    await Promise.race([ready, new Promise((resolve) => setTimeout(resolve, CONNECT_TIMEOUT_MS).unref())]);
    if (commands.status !== 'ready') clients.warn('Redis is not reachable yet: running alone until it is');
    return clients;
  }

  /** At most one warning per interval: an outage should be visible in the logs, not flood them. */
  warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(message);
  }

  /**
   * Calls `listener` each time the connection is ready again after it was lost (not at a first connect that went
   * through): what was published meanwhile was missed, and what was written meanwhile may be gone. A connection lost
   * before it was ever ready counts as lost too: what was sent through it may not have arrived.
   */
  onReconnected(connection: Redis, listener: () => void): void {
    let lost = false;
    let wasReady = connection.status === 'ready';
    connection.on('close', () => (lost = true));
    connection.on('ready', () => {
      if (wasReady || lost) listener();
      wasReady = true;
    });
  }

  disconnect(): void {
    this.subscriber.disconnect();
    this.commands.disconnect();
  }
}
