import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, randomBytes } from 'node:crypto';
import type { Environment } from '../config/environment.js';
import { RateLimit } from '../rate-limits/rate-limit.js';
import { RateLimitedException } from '../rate-limits/rate-limited.exception.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';
import type { Principal } from './principal.js';

/**
 * Single-use credentials for opening a socket (`/ws/<room>?ticket=`), so no long-lived token ever travels in a URL.
 * A ticket may be issued by one instance and presented to another, so with Redis they live there (`SET … PX`,
 * taken with `GETDEL`); alone, in memory. Stored under their SHA-256: what the store holds cannot open anything.
 */
@Injectable()
export class SocketTickets {
  private readonly local = new Map<string, { principal: Principal; expiresAt: number }>();
  /** A ticket opens one socket within this time (AUTH_TICKET_TTL, at most 60 s), so none is worth stealing from a log. */
  private readonly ttlSeconds: number;

  /** Tickets per session per minute: generous for tabs that reconnect, a wall for a loop that mints them. */
  private readonly perSession: RateLimit;

  constructor(
    @Inject(REDIS) private readonly redis: RedisClients | null,
    config: ConfigService<Environment, true>,
  ) {
    this.ttlSeconds = config.get('AUTH_TICKET_TTL', { infer: true });
    this.perSession = new RateLimit('tickets', config.get('AUTH_TICKETS_PER_MIN', { infer: true }), 60, redis);
  }

  /** A new ticket for the principal; 429 (RateLimitedException) past AUTH_TICKETS_PER_MIN for their session. */
  async issue(principal: Principal): Promise<{ ticket: string; expiresIn: number }> {
    const verdict = await this.perSession.consume(principal.sessionId);
    if (!verdict.allowed) throw new RateLimitedException('socket tickets', verdict.retryAfterSeconds);
    const ticket = randomBytes(32).toString('base64url');
    const key = this.key(ticket);
    if (this.redis) {
      await this.redis.commands.set(key, JSON.stringify(principal), 'PX', this.ttlSeconds * 1000);
    } else {
      this.dropExpired();
      this.local.set(key, { principal, expiresAt: Date.now() + this.ttlSeconds * 1000 });
    }
    return { ticket, expiresIn: this.ttlSeconds };
  }

  /** Spends the ticket: its principal the first time, null for an unknown, expired or already used one. */
  async redeem(ticket: string): Promise<Principal | null> {
    const key = this.key(ticket);
    if (this.redis) {
      const stored = await this.redis.commands.getdel(key);
      return stored === null ? null : (JSON.parse(stored) as Principal);
    }
    const entry = this.local.get(key);
    this.local.delete(key);
    return entry && entry.expiresAt > Date.now() ? entry.principal : null;
  }

  private dropExpired(): void {
    const now = Date.now();
    for (const [key, entry] of this.local) if (entry.expiresAt <= now) this.local.delete(key);
  }

  private key(ticket: string): string {
    const digest = createHash('sha256').update(ticket).digest('hex');
    return this.redis ? `${this.redis.prefix}ticket:${digest}` : digest;
  }
}
