import type { ErrorCode } from '@parley/contracts';

/** A refusal to send back as an `error` frame; the connection stays open and nothing else changes. */
export class ProtocolException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** With RATE_LIMITED and MUTED: milliseconds until the same frame would be taken. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
