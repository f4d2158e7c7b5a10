import { Global, Module } from '@nestjs/common';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';
import { LocalOnlineRegistry, OnlineRegistry } from './online-registry.js';
import { RedisOnlineRegistry } from './redis-online-registry.js';

@Global()
@Module({
  providers: [
    {
      provide: OnlineRegistry,
      inject: [REDIS],
      useFactory: (redis: RedisClients | null): OnlineRegistry =>
        redis ? new RedisOnlineRegistry(redis) : new LocalOnlineRegistry(),
    },
  ],
  exports: [OnlineRegistry],
})
export class OnlineModule {}
