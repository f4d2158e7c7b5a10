import { describe, expect, it } from 'vitest';
import { chatMessage, chatMessages } from '../testing/factories';
import type { OutgoingMessage } from './outbox';
import { buildTimeline, contiguousSeq, mergeMessages, newestSeq, type RoomNotice } from './timeline';

const seqsOf = (messages: { seq: number }[]) => messages.map((message) => message.seq);

describe('mergeMessages', () => {
  it('appends newer messages', () => {
    expect(seqsOf(mergeMessages(chatMessages(1, 3), chatMessages(4, 5)))).toEqual([1, 2, 3, 4, 5]);
  });

  it('prepends an older page', () => {
    expect(seqsOf(mergeMessages(chatMessages(51, 53), chatMessages(48, 50)))).toEqual([48, 49, 50, 51, 52, 53]);
  });

  it('keeps each seq once when pages overlap', () => {
    expect(seqsOf(mergeMessages(chatMessages(1, 5), chatMessages(3, 8)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('ignores a message seen twice, e.g. a broadcast repeated in history after a reconnect', () => {
    const current = chatMessages(1, 3);
    expect(mergeMessages(current, [chatMessage(3)])).toEqual(current);
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

describe('newestSeq', () => {
  it('is the last seq, or 0 when there is none', () => {
    expect(newestSeq(chatMessages(4, 9))).toBe(9);
    expect(newestSeq([])).toBe(0);
  });
});

describe('contiguousSeq', () => {
  it('is the newest seq when nothing is missing', () => {
    expect(contiguousSeq(chatMessages(10, 20))).toBe(20);
  });

  it('stops before a hole, so nothing after it is skipped on reconnect', () => {
    expect(contiguousSeq([...chatMessages(10, 12), ...chatMessages(60, 61)])).toBe(12);
  });

  it('is undefined with no messages', () => {
    expect(contiguousSeq([])).toBeUndefined();
  });
});

describe('buildTimeline', () => {
  const notice = (id: number, afterSeq: number, username = 'Cy'): RoomNotice => ({
    id,
    afterSeq,
    kind: 'join',
    username,
    at: '2025-01-01T10:00:00.000Z',
  });
  const outgoing: OutgoingMessage = {
    clientId: 'c1',
    content: 'on its way',
    createdAt: '2025-01-01T10:00:00.000Z',
    status: 'sending',
  };

  it('places notices after the message that was newest when they arrived, then the outbox', () => {
    const items = buildTimeline(chatMessages(1, 3), [notice(2, 2), notice(1, 0), notice(3, 3)], [outgoing]);
    expect(items.map((item) => item.key)).toEqual([
      'notice-1',
      'message-1',
      'message-2',
      'notice-2',
      'message-3',
      'notice-3',
      'outgoing-c1',
    ]);
  });

  it('keeps notices in arrival order when pinned to the same message', () => {
    const items = buildTimeline(chatMessages(1, 1), [notice(5, 1, 'Bo'), notice(4, 1, 'Al')], []);
    expect(items.map((item) => item.key)).toEqual(['message-1', 'notice-4', 'notice-5']);
  });

  it('keeps a notice below messages loaded later from older pages', () => {
    const items = buildTimeline(chatMessages(1, 4), [notice(1, 4)], []);
    expect(items.at(-1)?.key).toBe('notice-1');
  });
});
