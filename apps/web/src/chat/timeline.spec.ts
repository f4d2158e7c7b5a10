import type { SystemData } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { chatMessage, chatMessages } from '../testing/factories';
import { DETACHED_STATES_KEPT, mergeMessages, Timeline } from './timeline';

const seqsOf = (messages: { seq: number }[]) => messages.map((message) => message.seq);
const keysOf = (timeline: Timeline) => timeline.view().entries.map((entry) => entry.key);
const join = (username: string): SystemData => ({ kind: 'join', username, at: '2025-01-01T10:00:00.000Z' });

function timelineOf(fromSeq: number, toSeq: number): Timeline {
  const timeline = new Timeline();
  timeline.addMessages(chatMessages(fromSeq, toSeq));
  return timeline;
}

describe('mergeMessages', () => {
  it('prepends an older page', () => {
    expect(seqsOf(mergeMessages(chatMessages(51, 53), chatMessages(48, 50)))).toEqual([48, 49, 50, 51, 52, 53]);
  });

  it('keeps each seq once when pages overlap', () => {
    expect(seqsOf(mergeMessages(chatMessages(1, 5), chatMessages(3, 8)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('puts a message that arrives out of order in its place', () => {
    expect(seqsOf(mergeMessages([chatMessage(1), chatMessage(3)], [chatMessage(2)]))).toEqual([1, 2, 3]);
  });

  it('sorts incoming messages that are not in order among themselves', () => {
    expect(seqsOf(mergeMessages([chatMessage(1)], [chatMessage(3), chatMessage(2)]))).toEqual([1, 2, 3]);
  });

  it('does not change the lists it is given', () => {
    const current = chatMessages(1, 2);
    mergeMessages(current, chatMessages(3, 4));
    expect(seqsOf(current)).toEqual([1, 2]);
  });
});

describe('Timeline', () => {
  describe('appending in order', () => {
    it('adds newer messages at the end', () => {
      const timeline = timelineOf(1, 3);
      timeline.addMessages(chatMessages(4, 5));
      expect(keysOf(timeline)).toEqual(['message-1', 'message-2', 'message-3', 'message-4', 'message-5']);
      expect(timeline.view().length).toBe(5);
    });

    it('pushes onto the same entries with 10,000 held, copying and recreating nothing', () => {
      const timeline = timelineOf(1, 10_000);
      const before = timeline.view();
      const firstEntry = before.entries[0];
      const lastEntry = before.entries[9_999];

      timeline.addMessages([chatMessage(10_001)]);
      const after = timeline.view();

      expect(after.entries).toBe(before.entries);
      expect(after.length).toBe(10_001);
      expect(before.length).toBe(10_000);
      expect(after.entries[0]).toBe(firstEntry);
      expect(after.entries[9_999]).toBe(lastEntry);
      expect(after.entries[10_000]).toMatchObject({ kind: 'message', key: 'message-10001' });
    });

    it('ignores a message seen twice without rebuilding, e.g. a broadcast repeated in a fetched page', () => {
      const timeline = timelineOf(1, 3);
      const before = timeline.view();
      timeline.addMessages([chatMessage(3), chatMessage(2)]);
      expect(timeline.view().entries).toBe(before.entries);
      expect(timeline.view().length).toBe(3);
    });

    it('tells the newest and oldest seq', () => {
      const timeline = timelineOf(4, 9);
      expect(timeline.newestSeq).toBe(9);
      expect(timeline.oldestSeq).toBe(4);
      expect(new Timeline().newestSeq).toBe(0);
      expect(new Timeline().oldestSeq).toBeUndefined();
    });
  });

  describe('out of order', () => {
    it('rebuilds into a new array with an older page before what it held', () => {
      const timeline = timelineOf(51, 53);
      const before = timeline.view();
      timeline.addMessages(chatMessages(48, 50));

      expect(timeline.view().entries).not.toBe(before.entries);
      expect(keysOf(timeline)).toEqual(chatMessages(48, 53).map((message) => `message-${message.seq}`));
      // The view handed out before still shows what it showed.
      expect(before.entries.map((entry) => entry.key)).toEqual(['message-51', 'message-52', 'message-53']);
    });

    it('puts a message that fills a hole in its place, and skips the ones it holds', () => {
      const timeline = new Timeline();
      timeline.addMessages([chatMessage(1), chatMessage(3)]);
      timeline.addMessages([chatMessage(3), chatMessage(2)]);
      expect(keysOf(timeline)).toEqual(['message-1', 'message-2', 'message-3']);
    });
  });

  describe('notices', () => {
    it('pins each after the newest message at its arrival, also across rebuilds', () => {
      const timeline = new Timeline();
      timeline.addNotice(join('Cy'));
      timeline.addMessages(chatMessages(1, 2));
      timeline.addNotice(join('Di'));
      timeline.addMessages(chatMessages(3, 3));
      timeline.addNotice(join('Ed'));
      const expected = ['notice-1', 'message-1', 'message-2', 'notice-2', 'message-3', 'notice-3'];
      expect(keysOf(timeline)).toEqual(expected);

      // A gap filled late rebuilds the entries: each notice stays where it was.
      timeline.addMessages([chatMessage(5)]);
      timeline.addMessages([chatMessage(4)]);
      expect(keysOf(timeline)).toEqual([...expected, 'message-4', 'message-5']);
    });

    it('keeps notices pinned to the same message in arrival order', () => {
      const timeline = timelineOf(1, 1);
      timeline.addNotice(join('Bo'));
      timeline.addNotice(join('Al'));
      expect(
        timeline
          .view()
          .entries.slice(1)
          .map((entry) => entry.kind === 'notice' && entry.notice.username),
      ).toEqual(['Bo', 'Al']);
    });

    it('keeps a notice below messages loaded later from older pages', () => {
      const timeline = timelineOf(3, 4);
      timeline.addNotice(join('Cy'));
      timeline.addMessages(chatMessages(1, 2));
      expect(keysOf(timeline).at(-1)).toBe('notice-1');
    });
  });

  describe('versions', () => {
    const edited = (seq: number, version: number, content: string) =>
      chatMessage(seq, { version, content, editedAt: '2025-01-01T11:00:00.000Z' });

    it("replaces a held message's row in place when a newer version comes, keeping its key and the same entries", () => {
      const timeline = timelineOf(1, 3);
      const before = timeline.view();
      expect(timeline.applyState(edited(2, 7, 'changed'))).toBe(true);
      const after = timeline.view();

      expect(after.entries).toBe(before.entries);
      expect(after.length).toBe(3);
      expect(after.entries[1]).toMatchObject({ key: 'message-2', message: { content: 'changed', version: 7 } });
      expect(timeline.find(2)?.content).toBe('changed');
    });

    it('keeps the highest version whatever the order the states arrive in', () => {
      const timeline = timelineOf(1, 3);
      timeline.applyState(edited(2, 9, 'newest'));
      expect(timeline.applyState(edited(2, 7, 'older'))).toBe(false);
      expect(timeline.addMessages([chatMessage(2)])).toBe(false);
      expect(timeline.find(2)?.content).toBe('newest');
    });

    it('takes a newer state of a held message from a page or a history, and ignores the same state again', () => {
      const timeline = timelineOf(1, 3);
      expect(timeline.addMessages([edited(3, 5, 'from the page'), chatMessage(4)])).toBe(true);
      expect(timeline.find(3)?.content).toBe('from the page');
      expect(timeline.addMessages([edited(3, 5, 'from the page')])).toBe(false);
      expect(keysOf(timeline)).toEqual(['message-1', 'message-2', 'message-3', 'message-4']);
    });

    it('shows a tombstone in the place of the deleted message', () => {
      const timeline = timelineOf(1, 3);
      timeline.applyState(chatMessage(2, { version: 4, deleted: true, content: '' }));
      expect(timeline.view().entries.map((entry) => entry.kind === 'message' && entry.message.deleted)).toEqual([
        false,
        true,
        false,
      ]);
    });

    it('replaces rows in place after a rebuild too, with notices among them', () => {
      const timeline = timelineOf(5, 6);
      timeline.addNotice(join('Cy'));
      timeline.addMessages(chatMessages(1, 4));
      timeline.addMessages([chatMessage(7)]);
      timeline.applyState(edited(6, 9, 'six, edited'));
      timeline.applyState(edited(7, 10, 'seven, edited'));
      const rows = timeline
        .view()
        .entries.map((entry) => (entry.kind === 'message' ? entry.message.content : 'notice'));
      expect(rows).toEqual([
        'message 1',
        'message 2',
        'message 3',
        'message 4',
        'message 5',
        'six, edited',
        'notice',
        'seven, edited',
      ]);
    });

    it('merges pages keeping, per seq, the state with the highest version', () => {
      const merged = mergeMessages([edited(2, 8, 'newer'), chatMessage(3)], [chatMessage(1), chatMessage(2)]);
      expect(merged.map((message) => [message.seq, message.content])).toEqual([
        [1, 'message 1'],
        [2, 'newer'],
        [3, 'message 3'],
      ]);
    });
  });

  describe('messages outside the rows', () => {
    it('remembers a change to a message older than those loaded, without a row, until its page comes', () => {
      const timeline = timelineOf(50, 52);
      const before = timeline.view();
      expect(timeline.applyState(chatMessage(10, { version: 60, content: 'edited long ago' }))).toBe(false);
      expect(timeline.view().entries).toBe(before.entries);
      expect(timeline.holds(10)).toBe(false);
      expect(timeline.find(10)?.content).toBe('edited long ago');

      // The page was read before the change: its older state does not win.
      timeline.addMessages(chatMessages(10, 49));
      expect(timeline.holds(10)).toBe(true);
      expect(timeline.find(10)?.content).toBe('edited long ago');
    });

    it(`keeps at most ${DETACHED_STATES_KEPT} of them, forgetting the oldest-remembered first`, () => {
      const timeline = timelineOf(5000, 5001);
      for (let seq = 1; seq <= DETACHED_STATES_KEPT + 1; seq++) timeline.applyState(chatMessage(seq));
      expect(timeline.find(1)).toBeUndefined();
      expect(timeline.find(2)).toBeDefined();
      expect(timeline.find(DETACHED_STATES_KEPT + 1)).toBeDefined();
    });

    it('finds the newest held message that matches', () => {
      const timeline = timelineOf(1, 5);
      expect(timeline.findLast((message) => message.seq % 2 === 0)?.seq).toBe(4);
      expect(timeline.findLast(() => false)).toBeUndefined();
    });
  });
});

describe('Timeline.newestSeqAtOrBelow', () => {
  it('finds the newest held message at or below a seq, across gaps', () => {
    const timeline = new Timeline();
    timeline.addMessages([chatMessage(2), chatMessage(5), chatMessage(9)]);
    expect(timeline.newestSeqAtOrBelow(5)).toBe(5);
    expect(timeline.newestSeqAtOrBelow(8)).toBe(5);
    expect(timeline.newestSeqAtOrBelow(100)).toBe(9);
    expect(timeline.newestSeqAtOrBelow(1)).toBeUndefined();
  });

  it('finds nothing in an empty timeline', () => {
    expect(new Timeline().newestSeqAtOrBelow(3)).toBeUndefined();
  });
});

describe('Timeline windows and gaps', () => {
  it('marks a gap below a window opened far from the newest messages held', () => {
    const timeline = timelineOf(1000, 1002);
    timeline.openWindow(chatMessages(10, 12), true);
    expect(keysOf(timeline)).toEqual([
      'message-10',
      'message-11',
      'message-12',
      'gap-12',
      'message-1000',
      'message-1001',
      'message-1002',
    ]);
    expect(timeline.gapAfter(12)).toBe(true);
  });

  it('marks no gap when the window reaches what is held, or nothing follows it', () => {
    const joined = timelineOf(20, 30);
    joined.openWindow(chatMessages(15, 22), true);
    expect(keysOf(joined).some((key) => key.startsWith('gap'))).toBe(false);
    const last = timelineOf(20, 30);
    last.openWindow(chatMessages(5, 8), false);
    expect(keysOf(last).some((key) => key.startsWith('gap'))).toBe(false);
  });

  it('moves the gap down page by page, and closes it when a page reaches the messages held', () => {
    const timeline = timelineOf(1000, 1001);
    timeline.openWindow(chatMessages(10, 11), true);
    timeline.fillGap(11, chatMessages(12, 13), true);
    expect(keysOf(timeline)).toEqual([
      'message-10',
      'message-11',
      'message-12',
      'message-13',
      'gap-13',
      'message-1000',
      'message-1001',
    ]);
    timeline.fillGap(13, chatMessages(14, 1000), true);
    expect(keysOf(timeline).some((key) => key.startsWith('gap'))).toBe(false);
    expect(timeline.gapAfter(13)).toBe(false);
  });

  it('closes the gap when the server says nothing more follows, and ignores a page for a gap it does not have', () => {
    const timeline = timelineOf(1000, 1001);
    timeline.openWindow(chatMessages(10, 11), true);
    timeline.fillGap(99, chatMessages(12, 13), true);
    expect(timeline.holds(12)).toBe(false);
    timeline.fillGap(11, [], false);
    expect(keysOf(timeline)).toEqual(['message-10', 'message-11', 'message-1000', 'message-1001']);
  });

  it('keeps live messages after the newest held while a gap waits above them', () => {
    const timeline = timelineOf(1000, 1001);
    timeline.openWindow(chatMessages(10, 11), true);
    timeline.addMessages([chatMessage(1002)]);
    expect(keysOf(timeline).slice(-4)).toEqual(['gap-11', 'message-1000', 'message-1001', 'message-1002']);
  });
});
