import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { inBackground } from '../common/background.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { LocalSocketCounts, OnlineRegistry } from './online-registry.js';

/** An entry lives this long unless an instance refreshes it: someone whose last socket closed is offline within it. */
export const ONLINE_TTL_MS = 10_000;
const ONLINE_REFRESH_MS = 3_000;

/**
 * Online users on Redis: one sorted set (`<prefix>online`) of user ids scored by when they stop counting as online.
 * Every instance pushes the score of the users it has sockets for forward (`ZADD GT`, so an instance never shortens
 * another's); nobody removes entries: a user whose last socket closed, or whose instance died, drops out within
 * ONLINE_TTL_MS + ONLINE_REFRESH_MS (13 s).
 */
export class RedisOnlineRegistry extends OnlineRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisOnlineRegistry.name);
  private readonly sockets = new LocalSocketCounts();
  private readonly refresher: NodeJS.Timeout;

  constructor(private readonly redis: RedisClients) {
    super();
    this.refresher = setInterval(
      () => inBackground(this.refresh(), this.logger, 'Refreshing online status'),
      ONLINE_REFRESH_MS,
    ).unref();
  }

  connected(userId: string): void {
    const first = !this.sockets.has(userId);
    this.sockets.add(userId);
    if (first) inBackground(this.push([userId]), this.logger, 'Marking a user online');
  }

  disconnected(userId: string): void {
    this.sockets.remove(userId);
  }

  async areOnline(userIds: readonly string[]): Promise<boolean[]> {
    if (userIds.length === 0) return [];
    try {
      const scores = await this.redis.commands.zmscore(this.key, ...userIds);
      const now = Date.now();
      return scores.map((score, i) => this.sockets.has(userIds[i]) || (score !== null && Number(score) > now));
    } catch (error) {
      this.redis.warn(`Online status unavailable: ${(error as Error).message}`);
      return userIds.map((userId) => this.sockets.has(userId));
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.refresher);
  }

  private refresh(): Promise<void> {
    return this.push(this.sockets.users());
  }

  private async push(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const now = Date.now();
    const expiresAt = now + ONLINE_TTL_MS;
    try {
      await this.redis.commands
        .multi()
        .zadd(this.key, 'GT', ...userIds.flatMap((userId) => [expiresAt, userId]))
        .zremrangebyscore(this.key, '-inf', now)
        .exec();
    } catch (error) {
      this.redis.warn(`Refreshing online status failed: ${(error as Error).message}`);
    }
  }

  private get key(): string {
    return `${this.redis.prefix}online`;
  }
}
