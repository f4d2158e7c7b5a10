import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import type { RateLimitVerdict } from '../rate-limits/rate-limit.js';
import { RateLimit } from '../rate-limits/rate-limit.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';

/**
 * Failed sign-ins, counted per (name, address) and per address over AUTH_LOGIN_WINDOW. Past either limit every
 * sign-in for that name from that address is refused, the right password too, until the window moves on. Unknown
 * names count exactly like registered ones, so a refusal says nothing about whether a name exists.
 */
@Injectable()
export class LoginThrottle {
  private readonly perName: RateLimit;
  private readonly perAddress: RateLimit;

  constructor(config: ConfigService<Environment, true>, @Inject(REDIS) redis: RedisClients | null) {
    const window = config.get('AUTH_LOGIN_WINDOW', { infer: true });
    this.perName = new RateLimit('login-name', config.get('AUTH_LOGIN_MAX_PER_NAME', { infer: true }), window, redis);
    this.perAddress = new RateLimit(
      'login-address',
      config.get('AUTH_LOGIN_MAX_PER_ADDRESS', { infer: true }),
      window,
      redis,
    );
  }

  async check(username: string, address: string): Promise<RateLimitVerdict> {
    const [byName, byAddress] = await Promise.all([
      this.perName.check(nameKey(username, address)),
      this.perAddress.check(address),
    ]);
    return byName.allowed ? byAddress : byName;
  }

  async failed(username: string, address: string): Promise<void> {
    await Promise.all([this.perName.consume(nameKey(username, address)), this.perAddress.consume(address)]);
  }

  /** A success clears that name's count for that address (not the address's own). */
  async succeeded(username: string, address: string): Promise<void> {
    await this.perName.reset(nameKey(username, address));
  }
}

function nameKey(username: string, address: string): string {
  return `${username.toLowerCase()}|${address}`;
}
