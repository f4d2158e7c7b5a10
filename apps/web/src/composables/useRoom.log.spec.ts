import { CloseCode, type ChatMessage, type LogEvent } from '@parley/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatMessage, chatMessages, history } from '../testing/factories';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import {
  contentsIn,
  flushPromises,
  greetWith,
  newMessageEvents,
  RECONNECT_DELAY_MS,
  seqsIn,
  serverGreets,
  setup,
} from '../testing/roomHarness';

const edited = (seq: number, version: number, content: string): ChatMessage =>
  chatMessage(seq, { version, content, editedAt: '2025-01-01T11:00:00.000Z' });
const updateEvent = (seq: number, message: ChatMessage): LogEvent => ({ seq, type: 'update', message });

function reconnect(socket: FakeWebSocket) {
  socket.serverCloses(CloseCode.GoingAway);
  vi.advanceTimersByTime(RECONNECT_DELAY_MS);
  return FakeWebSocket.latest();
}

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useRoom following the room log', () => {
  it('replaces a message in place on message_updated, and ignores an older state', () => {
    const { room } = setup();
    const socket = serverGreets(chatMessages(1, 3));
    const before = room.timeline.value;
    socket.serverSends({ event: 'message_updated', data: { seq: 4, message: edited(2, 4, 'edited') } });
    socket.serverSends({ event: 'message', data: chatMessage(5) });
    socket.serverSends({ event: 'message', data: chatMessage(2) });

    expect(room.timeline.value.entries).toBe(before.entries);
    expect(contentsIn(room)).toEqual(['message 1', 'edited', 'message 3', 'message 5']);
  });

  it('shows a deleted message as a tombstone in its place', () => {
    const { room } = setup();
    const socket = serverGreets(chatMessages(1, 3));
    socket.serverSends({
      event: 'message_updated',
      data: { seq: 4, message: chatMessage(2, { version: 4, deleted: true, content: '' }) },
    });
    const second = room.timeline.value.entries[1];
    expect(second?.kind === 'message' && second.message.deleted).toBe(true);
    expect(seqsIn(room)).toEqual([1, 2, 3]);
  });

  it("reconnects with since= the log's position, which changes move too: not the newest message's seq", () => {
    const { room } = setup();
    const socket = greetWith({ ...history(chatMessages(1, 3)), lastSeq: 5 });
    socket.serverSends({ event: 'message_updated', data: { seq: 6, message: edited(3, 6, 'edited') } });
    socket.serverSends({ event: 'message', data: chatMessage(7) });
    socket.serverSends({ event: 'message_updated', data: { seq: 8, message: edited(7, 8, 'edited too') } });

    expect(reconnect(socket).query.get('since')).toBe('8');
    expect(seqsIn(room)).toEqual([1, 2, 3, 7]);
  });

  it('reconnects with the lastSeq of an empty room, so the next history brings only what came after', () => {
    setup();
    const socket = greetWith({ ...history([]), lastSeq: 4 });
    expect(reconnect(socket).query.get('since')).toBe('4');
  });

  it('applies the updates of a resumed history: edits, deletes and reactions made while away', () => {
    const { room } = setup();
    const first = serverGreets(chatMessages(1, 3));
    const second = reconnect(first);
    expect(second.query.get('since')).toBe('3');
    greetWith({
      ...history([chatMessage(6)]),
      updates: [
        edited(1, 4, 'edited elsewhere'),
        chatMessage(2, { version: 5, reactions: [{ emoji: '👍', count: 1, users: ['Bea'] }] }),
        chatMessage(3, { version: 7, deleted: true, content: '' }),
      ],
      lastSeq: 7,
    });

    expect(contentsIn(room)).toEqual(['edited elsewhere', 'message 2', '', 'message 6']);
    expect(room.timeline.value.entries[1]).toMatchObject({ message: { reactions: [{ emoji: '👍', count: 1 }] } });
    expect(reconnect(second).query.get('since')).toBe('7');
  });

  it('pages the events after a cut-short history, applying changes by version alongside the live stream', async () => {
    const { room, messagesApi } = setup();
    const first = serverGreets(chatMessages(1, 3));
    messagesApi.eventPages.push({
      events: [...newMessageEvents(52, 60), updateEvent(61, edited(2, 61, 'edited while away'))],
      hasMore: true,
    });
    messagesApi.eventPages.push({ events: [updateEvent(62, edited(52, 62, 'then this'))], hasMore: false });
    const second = reconnect(first);
    greetWith({ ...history(chatMessages(4, 51), true), lastSeq: 51 });
    // The live stream has started: a change newer than anything the pages hold.
    second.serverSends({ event: 'message_updated', data: { seq: 63, message: edited(2, 63, 'newest, live') } });
    await flushPromises();

    expect(messagesApi.eventQueries).toEqual([
      { after: 51, limit: 100 },
      { after: 61, limit: 100 },
    ]);
    expect(seqsIn(room)).toEqual(chatMessages(1, 60).map((message) => message.seq));
    expect(contentsIn(room)[1]).toBe('newest, live');
    expect(contentsIn(room)[51]).toBe('then this');
    expect(reconnect(second).query.get('since')).toBe('63');
  });

  it('reconnects from where the paging got to when a page fails, and says so', async () => {
    const { room, messagesApi } = setup();
    const first = serverGreets(chatMessages(1, 3));
    messagesApi.eventPages.push({ events: newMessageEvents(52, 60), hasMore: true });
    const second = reconnect(first);
    greetWith({ ...history(chatMessages(4, 51), true), lastSeq: 51 });
    second.serverSends({ event: 'message', data: chatMessage(300) });
    await flushPromises();

    expect(room.loadError.value).toMatch(/missed messages could not be loaded/);
    expect(reconnect(second).query.get('since')).toBe('60');
  });

  it('keeps the older-messages paging of a history without since, whose updates are empty', () => {
    const { room, messagesApi } = setup();
    serverGreets(chatMessages(51, 100), true);
    expect(room.hasOlder.value).toBe(true);
    expect(messagesApi.eventQueries).toEqual([]);
  });

  it('keeps a change to a message older than those loaded for when its page comes', async () => {
    const { room, messagesApi } = setup();
    const socket = serverGreets(chatMessages(51, 100), true);
    socket.serverSends({ event: 'message_updated', data: { seq: 101, message: edited(10, 101, 'edited long ago') } });
    messagesApi.pages.push({ messages: chatMessages(1, 50), hasMore: false });
    await room.loadOlder();

    expect(contentsIn(room)[9]).toBe('edited long ago');
  });
});
