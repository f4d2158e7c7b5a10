import type { ErrorCode, ErrorData } from '@parley/contracts';

/** A refusal to send back as an `error` frame; the connection stays open. */
export class ProtocolException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The data of an `error` frame, naming the refused message's clientId when it had one. */
export function errorData(code: ErrorCode, message: string, clientId: string | undefined): ErrorData {
  return clientId === undefined ? { code, message } : { code, message, clientId };
}
