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

  private constructor(
    readonly commands: Redis,
    readonly subscriber: Redis,
    /** Prefix of every key and channel, so several deployments (or test runs) can share one Redis. */
    readonly prefix: string,
  ) {
    for (const connection of [commands, subscriber]) {
      connection.on('error', (error: Error) => this.warn(`Redis: ${error.message}`));
    }
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
   * Calls `listener` each time the connection is ready again after it was lost (not at the first connect): what was
   * published meanwhile was missed, and what was written meanwhile may be gone.
   */
  onReconnected(connection: Redis, listener: () => void): void {
    let wasReady = connection.status === 'ready';
    connection.on('ready', () => {
      if (wasReady) listener();
      wasReady = true;
    });
  }

  disconnect(): void {
    this.subscriber.disconnect();
    this.commands.disconnect();
  }
}
