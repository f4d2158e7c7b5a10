import { LIMITS } from '@parley/contracts';
import type { LogRow } from './messages.repository.js';

/** The room log read in pages this long while a resume collects its entries. */
export const LOG_READ_PAGE = 200;

/**
 * Log entries one resume reads at most, however few distinct messages they hold (a log of reaction toggles): a join
 * costs a bounded read, and a client with more to catch up pages the rest with GET /events, as it does past a page.
 */
export const RESUME_MAX_ROWS = 5 * LOG_READ_PAGE;

/** What a resume sends: the seqs of messages created after `since` and of older ones changed after it. */
export interface ResumePlan {
  created: number[];
  changed: number[];
  /** The last log entry the frame accounts for. */
  lastSeq: number;
  /** More entries follow `lastSeq`. */
  hasMore: boolean;
}

export type LogPageReader = (after: number, limit: number) => Promise<{ rows: LogRow[]; hasMore: boolean }>;

/**
 * Which messages a client that saw the log up to `since` is sent: each message the log touched after it, once, in the
 * order the log first touched it, at most a history page of them and at most RESUME_MAX_ROWS entries read. `head` is
 * the room's last seq, read before the log: with the whole log read, the frame accounts for everything up to it.
 */
export async function planResume(since: number, head: number, readPage: LogPageReader): Promise<ResumePlan> {
  const created: number[] = [];
  const changed: number[] = [];
  const included = new Set<number>();
  let lastSeq = since;
  let readAny = false;
  let rowsRead = 0;
  for (;;) {
    const page = await readPage(lastSeq, LOG_READ_PAGE);
    rowsRead += page.rows.length;
    for (const row of page.rows) {
      if (!included.has(row.messageSeq)) {
        if (included.size === LIMITS.historyPageSize) return { created, changed, lastSeq, hasMore: true };
        included.add(row.messageSeq);
        (row.messageSeq > since ? created : changed).push(row.messageSeq);
      }
      lastSeq = row.seq;
      readAny = true;
    }
    if (!page.hasMore) break;
    if (rowsRead >= RESUME_MAX_ROWS) return { created, changed, lastSeq, hasMore: true };
  }
  // Read to the end: the frame accounts for the whole log, up to the head (also when `since` was past it).
  return { created, changed, lastSeq: readAny ? Math.max(lastSeq, head) : head, hasMore: false };
}
