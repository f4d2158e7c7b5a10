import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatMessage, chatMessages } from '../testing/factories';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import { flushPromises, seqsIn, serverGreets, setup } from '../testing/roomHarness';

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const keysIn = (room: ReturnType<typeof setup>['room']) => room.timeline.value.entries.map((entry) => entry.key);

describe('useRoom opened at a message (a search result)', () => {
  it('loads the messages around one not held, below them a gap, and shows the nearest held at or before it', async () => {
    const { room, messagesApi } = setup();
    serverGreets(chatMessages(1000, 1002), true);
    messagesApi.windows.push({ messages: chatMessages(9, 11), hasMoreBefore: true, hasMoreAfter: true });
    expect(await room.openAt(10)).toBe(10);
    expect(messagesApi.aroundQueries).toEqual([10]);
    expect(keysIn(room)).toEqual([
      'message-9',
      'message-10',
      'message-11',
      'gap-11',
      'message-1000',
      'message-1001',
      'message-1002',
    ]);
    expect(room.hasOlder.value).toBe(true);
  });

  it('opens at a message held already without asking the server', async () => {
    const { room, messagesApi } = setup();
    serverGreets(chatMessages(1, 3));
    expect(await room.openAt(2)).toBe(2);
    expect(messagesApi.aroundQueries).toEqual([]);
  });

  it('fills the gap page by page toward the live messages, which keep arriving meanwhile', async () => {
    const { room, messagesApi } = setup();
    const socket = serverGreets(chatMessages(1000, 1001));
    messagesApi.windows.push({ messages: chatMessages(9, 11), hasMoreBefore: false, hasMoreAfter: true });
    await room.openAt(10);
    socket.serverSends({ event: 'message', data: chatMessage(1002) });
    messagesApi.pages.push(
      { messages: chatMessages(12, 13), hasMore: true },
      { messages: [...chatMessages(14, 15), ...chatMessages(1000, 1001)], hasMore: true },
    );
    await room.loadNewer(11);
    expect(messagesApi.queries.at(-1)).toEqual({ after: 11, limit: 100 });
    expect(keysIn(room)).toContain('gap-13');
    await room.loadNewer(13);
    await flushPromises();
    expect(keysIn(room).some((key) => key.startsWith('gap'))).toBe(false);
    expect(seqsIn(room).slice(-5)).toEqual([14, 15, 1000, 1001, 1002]);
  });

  it('says so when the message could not be loaded', async () => {
    const { room } = setup();
    serverGreets(chatMessages(1000, 1001));
    expect(await room.openAt(10)).toBeNull();
    expect(room.loadError.value).toMatch(/could not be loaded/);
  });
});
