import type { ChatMessage, MessagePage } from '@parley/contracts';
import { GAP_GRACE_MS, RoomSequencer } from './room-sequencer.js';

function message(seq: number): ChatMessage {
  return { id: `m${seq}`, seq, room: 'general', username: 'Ali', content: `#${seq}`, createdAt: '' };
}

/** A stored room of `stored` messages, read a page of `pageSize` at a time. */
function database(stored: number, pageSize = 100) {
  const reads: number[] = [];
  const readAfter = async (after: number): Promise<MessagePage> => {
    reads.push(after);
    const messages = [];
    for (let seq = after + 1; seq <= Math.min(stored, after + pageSize); seq++) messages.push(message(seq));
    return { messages, hasMore: after + pageSize < stored };
  };
  return { reads, readAfter };
}

function setUp(lastSeq: number, stored: number, pageSize?: number) {
  const delivered: number[] = [];
  const db = database(stored, pageSize);
  const sequencer = new RoomSequencer(
    lastSeq,
    (ms) => delivered.push(...ms.map((m) => m.seq)),
    db.readAfter,
    () => {},
  );
  return { delivered, db, sequencer };
}

const afterGrace = () => new Promise((resolve) => setTimeout(resolve, GAP_GRACE_MS + 20));

describe('RoomSequencer', () => {
  it('delivers consecutive messages at once and drops what it delivered before', () => {
    const { delivered, db, sequencer } = setUp(10, 12);
    [11, 12, 11, 9].forEach((seq) => sequencer.offer(message(seq)));
    expect(delivered).toEqual([11, 12]);
    expect(db.reads).toEqual([]);
  });

  it('reorders messages that arrive out of order within the grace period, without reading the database', async () => {
    const { delivered, db, sequencer } = setUp(0, 3);
    [2, 3, 1].forEach((seq) => sequencer.offer(message(seq)));
    await afterGrace();
    expect(delivered).toEqual([1, 2, 3]);
    expect(db.reads).toEqual([]);
  });

  it('fills a gap that pub/sub never closes from the database, then delivers what waited', async () => {
    const { delivered, db, sequencer } = setUp(0, 5);
    sequencer.offer(message(1));
    sequencer.offer(message(5));
    expect(delivered).toEqual([1]);
    await afterGrace();
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(db.reads).toEqual([1]);
  });

  it('catches up over several pages after an outage', async () => {
    const { delivered, sequencer } = setUp(0, 250, 100);
    await sequencer.catchUp();
    expect(delivered).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });
});
