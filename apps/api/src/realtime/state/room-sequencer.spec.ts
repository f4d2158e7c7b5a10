import { FILL_RETRY_MS, GAP_GRACE_MS, MAX_WAITING, RoomSequencer, type LogPage } from './room-sequencer.js';

interface Entry {
  seq: number;
}

/** A room's log of `stored` events, read a page of `pageSize` at a time; reads can be made to fail or to wait. */
function log(stored: number, pageSize = 100) {
  const state = {
    stored,
    reads: [] as number[],
    failing: false,
    whileReading: async () => {},
  };
  /** Reads what was stored when the read began; `whileReading` runs before the answer comes back. */
  const readAfter = async (after: number): Promise<LogPage<Entry>> => {
    state.reads.push(after);
    const failing = state.failing;
    const events: Entry[] = [];
    for (let seq = after + 1; seq <= Math.min(state.stored, after + pageSize); seq++) events.push({ seq });
    const hasMore = after + pageSize < state.stored;
    await state.whileReading();
    if (failing) throw new Error('database down');
    return { events, hasMore };
  };
  return { state, readAfter };
}

function setUp(lastSeq: number, stored: number, pageSize?: number) {
  const delivered: number[] = [];
  const db = log(stored, pageSize);
  const sequencer = new RoomSequencer<Entry>(
    lastSeq,
    (events) => delivered.push(...events.map((event) => event.seq)),
    db.readAfter,
    () => {},
  );
  return { delivered, db, sequencer };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const afterGrace = () => wait(GAP_GRACE_MS + 20);
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('RoomSequencer', () => {
  it('delivers consecutive events at once and drops what it delivered before', () => {
    const { delivered, db, sequencer } = setUp(10, 12);
    [11, 12, 11, 9].forEach((seq) => sequencer.offer({ seq }));
    expect(delivered).toEqual([11, 12]);
    expect(db.state.reads).toEqual([]);
  });

  it('reorders events that arrive out of order within the grace period, without reading the log', async () => {
    const { delivered, db, sequencer } = setUp(0, 3);
    [2, 3, 1].forEach((seq) => sequencer.offer({ seq }));
    await afterGrace();
    expect(delivered).toEqual([1, 2, 3]);
    expect(db.state.reads).toEqual([]);
  });

  it('fills a gap that pub/sub never closes from the log, then delivers what waited', async () => {
    const { delivered, db, sequencer } = setUp(0, 5);
    sequencer.offer({ seq: 1 });
    sequencer.offer({ seq: 5 });
    expect(delivered).toEqual([1]);
    await afterGrace();
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(db.state.reads).toEqual([1]);
  });

  it('does not hold an event in a quiet room when it arrived behind a new gap during a fill', async () => {
    const { delivered, db, sequencer } = setUp(0, 3);
    db.state.whileReading = async () => {
      db.state.whileReading = async () => {};
      // While the first read runs, 4 and 5 are stored elsewhere, and only 5 reaches us by pub/sub.
      db.state.stored = 5;
      sequencer.offer({ seq: 5 });
    };
    sequencer.offer({ seq: 1 });
    sequencer.offer({ seq: 3 });
    await wait(GAP_GRACE_MS * 3 + 50);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(sequencer.heldCount).toBe(0);
  });

  it('holds a bounded number of events while fills fail, and delivers everything once the log answers', async () => {
    const { delivered, db, sequencer } = setUp(0, MAX_WAITING + 500, 5_000);
    db.state.failing = true;
    for (let seq = 2; seq <= MAX_WAITING + 500; seq++) sequencer.offer({ seq });
    expect(sequencer.heldCount).toBe(MAX_WAITING);
    await afterGrace();
    db.state.failing = false;
    await wait(FILL_RETRY_MS + 200);
    expect(delivered).toEqual(upTo(MAX_WAITING + 500));
  });

  it('stops retrying a failed fill once it was stopped', async () => {
    const { db, sequencer } = setUp(0, 5);
    db.state.failing = true;
    sequencer.offer({ seq: 3 });
    await afterGrace();
    expect(db.state.reads).toHaveLength(1);
    sequencer.stop();
    await wait(FILL_RETRY_MS + 200);
    expect(db.state.reads).toHaveLength(1);
  });

  it('catches up over several pages after an outage', async () => {
    const { delivered, sequencer } = setUp(0, 250, 100);
    await sequencer.catchUp();
    expect(delivered).toEqual(upTo(250));
  });
});
