import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';
import { RateLimit } from './rate-limit.js';

/** The per-address limits every edge applies, each counted once for the whole deployment. */
@Injectable()
export class RateLimits {
  /** New rooms, by opening `/ws/<room>` or with POST /api/rooms. */
  readonly roomCreation: RateLimit;
  /** POST, PUT, PATCH and DELETE under /api. */
  readonly restWrites: RateLimit;

  constructor(config: ConfigService<Environment, true>, @Inject(REDIS) redis: RedisClients | null) {
    this.roomCreation = new RateLimit('room-create', config.get('ROOM_CREATE_PER_MIN', { infer: true }), 60, redis);
    this.restWrites = new RateLimit('rest-write', config.get('REST_WRITES_PER_MIN', { infer: true }), 60, redis);
  }
}
