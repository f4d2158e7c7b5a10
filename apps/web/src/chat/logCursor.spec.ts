import { describe, expect, it } from 'vitest';
import { LogCursor } from './logCursor';

describe('LogCursor', () => {
  it('asks for nothing before the first history, then for its lastSeq', () => {
    const cursor = new LogCursor();
    expect(cursor.since).toBeUndefined();
    cursor.historyArrived(12, false);
    expect(cursor.since).toBe(12);
  });

  it('follows every live message and change, whose seqs messages alone would skip', () => {
    const cursor = new LogCursor();
    cursor.historyArrived(12, false);
    cursor.live(13); // a message
    cursor.live(14); // an edit of it
    cursor.live(15); // a reaction
    expect(cursor.since).toBe(15);
  });

  it('stays at the paged position while catching up, so a reconnect then asks for what is still missing', () => {
    const cursor = new LogCursor();
    cursor.historyArrived(40, true);
    cursor.live(301);
    cursor.live(302);
    expect(cursor.since).toBe(40);
    expect(cursor.behind).toBe(true);
    cursor.paged(140);
    expect(cursor.since).toBe(140);
  });

  it('goes on from the live frames seen meanwhile once the paging reached the end', () => {
    const cursor = new LogCursor();
    cursor.historyArrived(40, true);
    cursor.live(301);
    cursor.live(302);
    cursor.paged(300);
    cursor.caughtUp();
    expect(cursor.since).toBe(302);
    expect(cursor.behind).toBe(false);
    cursor.live(303);
    expect(cursor.since).toBe(303);
  });

  it('starts over from each history: a new socket says where it stands', () => {
    const cursor = new LogCursor();
    cursor.historyArrived(40, true);
    cursor.live(500);
    cursor.historyArrived(90, false);
    cursor.live(91);
    expect(cursor.since).toBe(91);
  });
});
