import type { ErrorCode, ErrorData } from '@parley/contracts';

/** A refusal to send back as an `error` frame; the connection stays open. */
export class ProtocolException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly clientId?: string,
  ) {
    super(message);
  }

  toErrorData(): ErrorData {
    return this.clientId === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, clientId: this.clientId };
  }
}
