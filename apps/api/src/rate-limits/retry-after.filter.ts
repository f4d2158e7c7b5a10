import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import { RateLimitedException } from './rate-limited.exception.js';

/** A 429 tells the client when to come back: `Retry-After`, then Nest's usual error body. */
@Catch(RateLimitedException)
export class RetryAfterFilter extends BaseExceptionFilter {
  override catch(exception: RateLimitedException, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<ServerResponse>().setHeader('Retry-After', String(exception.retryAfterSeconds));
    super.catch(exception, host);
  }
}
