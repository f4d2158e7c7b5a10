import { HttpException, HttpStatus } from '@nestjs/common';

/** HTTP 429 with the `Retry-After` header (seconds), which the exception filter writes from `retryAfterSeconds`. */
export class RateLimitedException extends HttpException {
  constructor(
    what: string,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many ${what}: try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
