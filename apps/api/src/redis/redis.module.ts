import { Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { RedisClients } from './redis-clients.js';

/** Injects `RedisClients | null`: null when REDIS_URL is unset and the instance runs alone. */
export const REDIS = Symbol('REDIS');

class RedisShutdown implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisClients | null) {}

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>): Promise<RedisClients | null> | null => {
        const url = config.get('REDIS_URL', { infer: true });
        return url ? RedisClients.connect(url, config.get('REDIS_PREFIX', { infer: true })) : null;
      },
    },
    RedisShutdown,
  ],
  exports: [REDIS],
})
export class RedisModule {}
