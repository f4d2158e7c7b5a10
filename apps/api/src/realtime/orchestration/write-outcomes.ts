import type { Logger } from '@nestjs/common';
import { CloseCode, ErrorCode } from '@parley/contracts';
import { isDatabaseFailure } from '../../database/database-errors.js';
import { WriterClosedError } from '../../messages/message-writer.js';
import type { ClientSession } from '../state/client-session.js';

/**
 * The rate rule every write to the log (a message, an edit, a reaction) passes: false when the connection must wait,
 * after telling it how long (and closing it with 4030 once it has kept flooding).
 */
export function takeWriteAllowance(session: ClientSession, rule: string, clientId: string | undefined): boolean {
  const verdict = session.sendRate.take();
  if (verdict.accepted) return true;
  session.replyError(ErrorCode.RateLimited, `Too many messages: ${rule}`, {
    clientId,
    retryAfterMs: verdict.retryAfterMs,
  });
  if (verdict.flooding) session.close(CloseCode.RateLimitAbuse, 'Kept sending over the rate limit');
  return false;
}

/** Answers a write that threw: the server stopping, the database failing, or a bug (logged), each with its code. */
export function replyWriteFailure(
  session: ClientSession,
  error: unknown,
  clientId: string | undefined,
  logger: Logger,
): void {
  if (error instanceof WriterClosedError) {
    session.replyError(ErrorCode.ShuttingDown, error.message, { clientId });
  } else if (isDatabaseFailure(error)) {
    session.replyError(ErrorCode.StoreFailed, 'It could not be stored and was not sent', { clientId });
  } else {
    logger.error(`A write failed: ${(error as Error).message}`, (error as Error).stack);
    session.replyError(ErrorCode.InternalError, 'The server failed to handle it; nothing was stored', { clientId });
  }
}
