import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import { clientAddress } from '../common/client-address.js';
import type { Environment } from '../config/environment.js';
import { RateLimit } from '../rate-limits/rate-limit.js';
import { RateLimitedException } from '../rate-limits/rate-limited.exception.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';

/**
 * SEARCH_PER_MIN searches per signed-in user (on whatever address), or per address without a token, shared by the
 * instances through Redis; past it 429 with Retry-After. After the Bearer guard, which names the user.
 */
@Injectable()
export class SearchLimitGuard implements CanActivate {
  private readonly limit: RateLimit;
  private readonly trustProxy: boolean;

  constructor(config: ConfigService<Environment, true>, @Inject(REDIS) redis: RedisClients | null) {
    this.limit = new RateLimit('search', config.get('SEARCH_PER_MIN', { infer: true }), 60, redis);
    this.trustProxy = config.get('TRUST_PROXY', { infer: true });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const key = request.principal
      ? `user:${request.principal.userId}`
      : `address:${clientAddress(request, this.trustProxy)}`;
    const verdict = await this.limit.consume(key);
    if (!verdict.allowed) throw new RateLimitedException('searches', verdict.retryAfterSeconds);
    return true;
  }
}
