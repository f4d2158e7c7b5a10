import { randomUUID } from 'node:crypto';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { inBackground } from '../common/background.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { LocalSocketCounts, OFFLINE_REMEMBERED_MS, OnlineRegistry } from './online-registry.js';

/** An instance's word that a user is online lasts this long unless it is renewed: a dead instance's users drop out. */
export const ONLINE_TTL_MS = 10_000;
const ONLINE_REFRESH_MS = 3_000;

/**
 * Online users on Redis: per user a hash (`<prefix>online:<user id>`) of the instances that hold a socket of theirs,
 * each with when its word runs out. An instance renews its users every few seconds; when a user's last socket on it
 * closes it sets its field to that moment, so a user who left every instance is offline from then on (what Web Push
 * asks) while a question about an earlier moment still finds them; one whose instance died drops out within
 * ONLINE_TTL_MS + ONLINE_REFRESH_MS (13 s).
 */
export class RedisOnlineRegistry extends OnlineRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisOnlineRegistry.name);
  private readonly sockets = new LocalSocketCounts();
  private readonly refresher: NodeJS.Timeout;
  private readonly instance = randomUUID();

  constructor(private readonly redis: RedisClients) {
    super();
    this.refresher = setInterval(
      () => inBackground(this.renew(this.sockets.users()), this.logger, 'Refreshing online status'),
      ONLINE_REFRESH_MS,
    ).unref();
  }

  connected(userId: string): void {
    const first = !this.sockets.has(userId);
    this.sockets.add(userId);
    if (first) inBackground(this.renew([userId]), this.logger, 'Marking a user online');
  }

  disconnected(userId: string): void {
    this.sockets.remove(userId);
    if (!this.sockets.has(userId)) inBackground(this.withdraw([userId]), this.logger, 'Marking a user offline');
  }

  async areOnline(userIds: readonly string[], at = Date.now()): Promise<boolean[]> {
    if (userIds.length === 0) return [];
    try {
      const pipeline = this.redis.commands.pipeline();
      for (const userId of userIds) pipeline.hvals(this.key(userId));
      const answers = (await pipeline.exec()) ?? [];
      return userIds.map((userId, i) => {
        const [error, expiries] = answers[i] ?? [];
        if (error) throw error;
        return this.sockets.has(userId) || (expiries as string[]).some((expiry) => Number(expiry) > at);
      });
    } catch (error) {
      this.redis.warn(`Online status unavailable: ${(error as Error).message}`);
      return userIds.map((userId) => this.sockets.has(userId));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.refresher);
    await this.withdraw(this.sockets.users());
  }

  private async renew(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const expiresAt = Date.now() + ONLINE_TTL_MS;
    const pipeline = this.redis.commands.pipeline();
    for (const userId of userIds) {
      pipeline.hset(this.key(userId), this.instance, expiresAt).pexpire(this.key(userId), ONLINE_TTL_MS);
    }
    await this.run(pipeline, 'Refreshing online status');
  }

  /** The instance's word now runs out at this moment; the key goes once nobody renews it. */
  private async withdraw(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const now = Date.now();
    const pipeline = this.redis.commands.pipeline();
    for (const userId of userIds) {
      pipeline.hset(this.key(userId), this.instance, now).pexpire(this.key(userId), OFFLINE_REMEMBERED_MS);
    }
    await this.run(pipeline, 'Marking users offline');
  }

  private async run(pipeline: ReturnType<RedisClients['commands']['pipeline']>, what: string): Promise<void> {
    try {
      await pipeline.exec();
    } catch (error) {
      this.redis.warn(`${what} failed: ${(error as Error).message}`);
    }
  }

  private key(userId: string): string {
    return `${this.redis.prefix}online:${userId}`;
  }
}
