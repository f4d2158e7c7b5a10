import { HttpException, HttpStatus } from '@nestjs/common';

/** HTTP 429; the guard that throws it has set `Retry-After` on the response. */
export class TooManyRequestsException extends HttpException {
  constructor(what: string, retryAfterSeconds: number) {
    super(`Too many ${what}: try again in ${retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
