import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisClients } from '../redis/redis-clients.js';

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * `points` actions per key per `durationSeconds`, counted by rate-limiter-flexible: in Redis when the deployment has
 * one (every instance shares the count), in memory otherwise. While Redis is away each instance counts alone rather
 * than refusing everyone. `points` 0 disables the limit.
 */
export class RateLimit {
  private readonly limiter: RateLimiterAbstract | null;

  constructor(name: string, points: number, durationSeconds: number, redis: RedisClients | null) {
    if (points === 0) {
      this.limiter = null;
      return;
    }
    const options = { keyPrefix: name, points, duration: durationSeconds };
    this.limiter = redis
      ? new RateLimiterRedis({
          ...options,
          keyPrefix: `${redis.prefix}limit:${name}`,
          storeClient: redis.commands,
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
  }

  /** Counts one action; refused when the key had used up its points. */
  async consume(key: string): Promise<RateLimitVerdict> {
    if (!this.limiter) return { allowed: true };
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
  }

  /** Gives back a point the key consumed for an action that turned out not to count. */
  async reward(key: string): Promise<void> {
    await this.limiter?.reward(key, 1);
  }

  /** Forgets the key's count. */
  async reset(key: string): Promise<void> {
    await this.limiter?.delete(key);
  }
}
