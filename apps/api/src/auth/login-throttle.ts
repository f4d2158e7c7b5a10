import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import type { RateLimitVerdict } from '../rate-limits/rate-limit.js';
import { RateLimit } from '../rate-limits/rate-limit.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';

/**
 * Password guesses, counted per (name, address) and per address over AUTH_LOGIN_WINDOW: a sign-in, and a password
 * change's check of the current password. Each attempt is counted before its password is checked, atomically on
 * every instance (Redis), so a burst of parallel guesses gets exactly the limit checked and the rest refused; a
 * success gives its attempt back (it clears the name's count, and returns the address's point). Past either limit
 * every attempt for that name from that address is refused, the right password too, until the window moves on.
 * Unknown names count exactly like registered ones, so a refusal says nothing about whether a name exists.
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

  /** Counts an attempt for the name from the address; refused when either has used up its attempts. */
  async attempt(username: string, address: string): Promise<RateLimitVerdict> {
    const byName = await this.perName.consume(nameKey(username, address));
    if (!byName.allowed) return byName;
    const byAddress = await this.perAddress.consume(address);
    if (!byAddress.allowed) await this.perName.reward(nameKey(username, address));
    return byAddress;
  }

  /** The password was right: the name's count (for this address) is cleared and the address gets its point back. */
  async succeeded(username: string, address: string): Promise<void> {
    await Promise.all([this.perName.reset(nameKey(username, address)), this.perAddress.reward(address)]);
  }
}

function nameKey(username: string, address: string): string {
  return `${username.toLowerCase()}|${address}`;
}
