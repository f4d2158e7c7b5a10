import type { ErrorCode } from '@parley/contracts';

/** A refusal to send back as an `error` frame; the connection stays open and nothing else changes. */
export class ProtocolException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
