import type { ErrorCode, ErrorData, ServerFrame } from '@parley/contracts';

/** A refusal to send back as an `error` frame; the connection stays open and nothing else changes. */
export class ProtocolException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The one place an `error` frame is built: it names the refused frame's clientId when it had one. */
export function errorFrame(
  code: ErrorCode,
  message: string,
  details: { clientId?: string; retryAfterMs?: number } = {},
): ServerFrame {
  const data: ErrorData = { code, message };
  if (details.clientId !== undefined) data.clientId = details.clientId;
  if (details.retryAfterMs !== undefined) data.retryAfterMs = details.retryAfterMs;
  return { event: 'error', data };
}
