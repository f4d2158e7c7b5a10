import type { Logger } from '@nestjs/common';

/**
 * Work nobody awaits (a sweep, a recount, a flush) still ends somewhere: its failure is logged, never left as an
 * unhandled rejection, which would take the process down.
 */
export function inBackground(work: Promise<unknown>, logger: Logger, what: string): void {
  work.catch((error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    logger.error(`${what} failed: ${failure.message}`, failure.stack);
  });
}
