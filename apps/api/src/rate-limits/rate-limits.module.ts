import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimits } from './rate-limits.js';
import { RetryAfterFilter } from './retry-after.filter.js';

@Global()
@Module({
  providers: [
    RateLimits,
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_FILTER, useClass: RetryAfterFilter },
  ],
  exports: [RateLimits],
})
export class RateLimitsModule {}
