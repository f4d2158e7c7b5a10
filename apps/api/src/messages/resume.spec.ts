import type { LogRow } from './messages.repository.js';
import { LOG_READ_PAGE, planResume, RESUME_MAX_ROWS, type LogPageReader } from './resume.js';

/** A room log held in memory, read in pages as the repository reads it, counting the rows it handed out. */
function logOf(rows: LogRow[]) {
  const read = { rows: 0, pages: 0 };
  const reader: LogPageReader = async (after, limit) => {
    const page = rows.filter((row) => row.seq > after).slice(0, limit + 1);
    const hasMore = page.length > limit;
    if (hasMore) page.pop();
    read.rows += page.length;
    read.pages += 1;
    return { rows: page, hasMore };
  };
  return { reader, read };
}

const message = (seq: number): LogRow => ({ seq, type: 'message', messageSeq: seq });
const update = (seq: number, messageSeq: number): LogRow => ({ seq, type: 'update', messageSeq });

describe('planResume', () => {
  it('sends what was created after since and, once each, what changed, and accounts for the log up to its head', async () => {
    const { reader } = logOf([message(1), message(2), update(3, 1), message(4), update(5, 4), update(6, 1)]);
    expect(await planResume(2, 6, reader)).toEqual({ created: [4], changed: [1], lastSeq: 6, hasMore: false });
  });

  it('stops at a history page of distinct messages, lastSeq at the last entry it covers', async () => {
    const { reader } = logOf(Array.from({ length: 60 }, (_, i) => message(i + 1)));
    const plan = await planResume(0, 60, reader);
    expect(plan.created).toHaveLength(50);
    expect(plan).toMatchObject({ lastSeq: 50, hasMore: true });
  });

  it('reads at most RESUME_MAX_ROWS entries of a log of reaction toggles on one message, and says there is more', async () => {
    const toggles = Array.from({ length: 3_000 }, (_, i) => update(i + 2, 1));
    const { reader, read } = logOf([message(1), ...toggles]);
    const plan = await planResume(1, 3_001, reader);
    expect(plan).toEqual({ created: [], changed: [1], lastSeq: 1 + RESUME_MAX_ROWS, hasMore: true });
    expect(read.rows).toBe(RESUME_MAX_ROWS);
    expect(read.pages).toBe(RESUME_MAX_ROWS / LOG_READ_PAGE);
  });

  it('answers a since past the end with the head and nothing else', async () => {
    const { reader } = logOf([message(1)]);
    expect(await planResume(9, 1, reader)).toEqual({ created: [], changed: [], lastSeq: 1, hasMore: false });
  });
});
