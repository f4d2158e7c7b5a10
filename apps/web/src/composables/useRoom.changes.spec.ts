import { CloseCode, ErrorCode, type ChatMessage } from '@parley/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chatMessage, chatMessages, history, user } from '../testing/factories';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import {
  FakeTicketSession,
  flushPromises,
  greetWith,
  RECONNECT_DELAY_MS,
  serverGreets,
  setup,
} from '../testing/roomHarness';

const alis = (seq: number, overrides: Partial<ChatMessage> = {}) =>
  chatMessage(seq, { username: 'ali', userId: 'user-ali', ...overrides });
const changeFrames = (socket: FakeWebSocket) =>
  socket.sentFrames.filter((frame) => ['edit', 'delete', 'react'].includes((frame as { event: string }).event));

async function signedIn(messages: ChatMessage[] = [alis(1), chatMessage(2), alis(3)]) {
  const context = setup({ kind: 'user', user: user(), session: new FakeTicketSession() });
  await flushPromises();
  const socket = greetWith(history(messages));
  return { ...context, socket };
}

beforeEach(() => {
  FakeWebSocket.reset();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useRoom changes to messages', () => {
  it('sends an edit of the own message with a clientId, and settles it on the ack', async () => {
    const { room, socket } = await signedIn();
    expect(room.edit(alis(3), '  better words ')).toBe(true);

    expect(changeFrames(socket)).toEqual([
      { event: 'edit', data: { id: 'id-3', content: 'better words', clientId: 'client-1' } },
    ]);
    expect(room.changes.value).toMatchObject([{ clientId: 'client-1', status: 'sending' }]);
    socket.serverSends({
      event: 'message_updated',
      data: { seq: 4, message: alis(3, { version: 4, content: 'better words', editedAt: '2025-01-01T11:00:00.000Z' }) },
    });
    socket.serverSends({ event: 'ack', data: { clientId: 'client-1', id: 'id-3', seq: 4 } });
    expect(room.changes.value).toEqual([]);
  });

  it('sends nothing for an edit that changes nothing, nor for one of someone else’s message', async () => {
    const { room, socket } = await signedIn();
    expect(room.edit(alis(3), 'message 3')).toBe(true);
    expect(room.edit(chatMessage(2), 'not mine')).toBe(false);
    expect(room.edit(alis(3), '   ')).toBe(false);
    expect(changeFrames(socket)).toEqual([]);
  });

  it('deletes and reacts with the protocol’s frames', async () => {
    const { room, socket } = await signedIn();
    room.remove(alis(1));
    socket.serverSends({ event: 'ack', data: { clientId: 'client-1', id: 'id-1', seq: 4 } });
    room.react(chatMessage(2), '👍', true);
    socket.serverSends({ event: 'ack', data: { clientId: 'client-2', id: 'id-2', seq: 5 } });
    room.react(chatMessage(2), '👍', false);

    expect(changeFrames(socket)).toEqual([
      { event: 'delete', data: { id: 'id-1', clientId: 'client-1' } },
      { event: 'react', data: { id: 'id-2', emoji: '👍', on: true, clientId: 'client-2' } },
      { event: 'react', data: { id: 'id-2', emoji: '👍', on: false, clientId: 'client-3' } },
    ]);
  });

  it('refuses a reaction that is not one emoji without sending it', async () => {
    const { room, socket } = await signedIn();
    expect(room.react(chatMessage(2), 'ok', true)).toBe(false);
    expect(room.react(chatMessage(2), '👍👍', true)).toBe(false);
    expect(changeFrames(socket)).toEqual([]);
  });

  it.each([
    [ErrorCode.Forbidden, 'Only its sender, signed in, can edit a message'],
    [ErrorCode.NotFound, 'No such message'],
    [ErrorCode.InvalidMessage, 'Content too long'],
  ])('shows a change refused with %s, and sends the next one', async (code, message) => {
    const { room, socket } = await signedIn();
    room.edit(alis(3), 'new words');
    room.react(chatMessage(2), '🎉', true);
    socket.serverSends({ event: 'error', data: { code, message, clientId: 'client-1' } });

    expect(room.changes.value).toMatchObject([
      { clientId: 'client-1', status: 'failed', error: `Edit not saved: ${message}` },
      { clientId: 'client-2', status: 'sending' },
    ]);
    expect(changeFrames(socket)).toHaveLength(2);
    expect(room.serverError.value).toBeNull();
    room.dismissChange('client-1');
    expect(room.changes.value.map((entry) => entry.clientId)).toEqual(['client-2']);
  });

  it('shows a reaction refused with INVALID_REACTION (a 21st emoji)', async () => {
    const { room, socket } = await signedIn();
    room.react(chatMessage(2), '🙏', true);
    socket.serverSends({
      event: 'error',
      data: {
        code: ErrorCode.InvalidReaction,
        message: 'A message holds at most 20 different emoji',
        clientId: 'client-1',
      },
    });
    expect(room.changes.value).toMatchObject([
      { status: 'failed', error: 'Reaction not saved: A message holds at most 20 different emoji' },
    ]);
  });

  it('waits out a rate limit and sends the change again under the same clientId', async () => {
    const { room, socket } = await signedIn();
    room.react(chatMessage(2), '👍', true);
    socket.serverSends({
      event: 'error',
      data: { code: ErrorCode.RateLimited, message: 'Slow down', clientId: 'client-1', retryAfterMs: 300 },
    });
    expect(room.changes.value).toMatchObject([{ status: 'sending' }]);
    vi.advanceTimersByTime(400);
    expect(changeFrames(socket)).toEqual([
      { event: 'react', data: { id: 'id-2', emoji: '👍', on: true, clientId: 'client-1' } },
      { event: 'react', data: { id: 'id-2', emoji: '👍', on: true, clientId: 'client-1' } },
    ]);
  });

  it('sends a change made offline, and one lost in a drop, after the reconnect with the same clientIds', async () => {
    const { room, socket } = await signedIn();
    room.react(chatMessage(2), '👍', true);
    socket.serverCloses(CloseCode.GoingAway);
    room.edit(alis(3), 'written offline');
    vi.advanceTimersByTime(RECONNECT_DELAY_MS);
    await flushPromises();
    const second = greetWith(history([]));
    second.serverSends({ event: 'ack', data: { clientId: 'client-1', id: 'id-2', seq: 4 } });

    expect(changeFrames(second)).toEqual([
      { event: 'react', data: { id: 'id-2', emoji: '👍', on: true, clientId: 'client-1' } },
      { event: 'edit', data: { id: 'id-3', content: 'written offline', clientId: 'client-2' } },
    ]);
  });

  it('sends changes ahead of a long outbox', async () => {
    const { room, socket } = await signedIn();
    room.send('first');
    room.send('second');
    room.react(chatMessage(2), '👍', true);
    socket.serverSends({ event: 'ack', data: { clientId: 'client-1', id: 'id-4', seq: 4 } });
    expect(socket.sentFrames.map((frame) => (frame as { event: string }).event)).toEqual(['message', 'react']);
  });

  it('edits, as ↑ does, the newest own message still there', async () => {
    const { room, socket } = await signedIn([alis(1), alis(2), chatMessage(3)]);
    expect(room.lastEditable()?.seq).toBe(2);
    socket.serverSends({
      event: 'message_updated',
      data: { seq: 4, message: alis(2, { version: 4, deleted: true, content: '' }) },
    });
    expect(room.lastEditable()?.seq).toBe(1);
  });

  it('lets a guest edit nothing, ↑ included, but react', () => {
    const { room } = setup();
    const socket = serverGreets([chatMessage(1, { username: 'Ali' })]);
    expect(room.lastEditable()).toBeUndefined();
    expect(room.edit(chatMessage(1, { username: 'Ali' }), 'mine?')).toBe(false);
    expect(room.react(chatMessage(1), '👍', true)).toBe(true);
    expect(changeFrames(socket)).toHaveLength(1);
  });
});

describe('useRoom replies', () => {
  it('sends a reply with the id of the message it answers', () => {
    const { room } = setup();
    const socket = serverGreets();
    room.send('answer', { id: 'id-2', seq: 2, username: 'Bea' });
    expect(socket.sentFrames).toEqual([
      { event: 'message', data: { content: 'answer', clientId: 'client-1', replyTo: 'id-2' } },
    ]);
    expect(room.outbox.value[0]?.replyTo).toEqual({ id: 'id-2', seq: 2, username: 'Bea' });
  });

  it("shows the quoted message's current state from the timeline, following its changes", () => {
    const { room, messagesApi } = setup();
    const socket = serverGreets(chatMessages(1, 3));
    const reply = { id: 'id-2', seq: 2, username: 'Bea' };
    room.requestQuote(reply);
    expect(room.quoted(reply)).toMatchObject({ kind: 'found', message: { content: 'message 2' } });
    socket.serverSends({
      event: 'message_updated',
      data: { seq: 4, message: chatMessage(2, { version: 4, deleted: true, content: '' }) },
    });
    expect(room.quoted(reply)).toMatchObject({ kind: 'found', message: { deleted: true } });
    expect(messagesApi.messageFetches).toEqual([]);
  });

  it('fetches a quoted message that is not loaded, once, and follows its changes after', async () => {
    const { room, messagesApi } = setup();
    const socket = serverGreets(chatMessages(51, 53), true);
    messagesApi.messages.set('id-7', chatMessage(7, { content: 'long ago' }));
    const reply = { id: 'id-7', seq: 7, username: 'Bea' };
    room.requestQuote(reply);
    room.requestQuote(reply);
    expect(room.quoted(reply)).toEqual({ kind: 'loading' });
    await flushPromises();
    expect(room.quoted(reply)).toMatchObject({ kind: 'found', message: { content: 'long ago' } });
    socket.serverSends({
      event: 'message_updated',
      data: { seq: 54, message: chatMessage(7, { version: 54, content: 'edited' }) },
    });
    expect(room.quoted(reply)).toMatchObject({ kind: 'found', message: { content: 'edited' } });
    expect(messagesApi.messageFetches).toEqual(['id-7']);
  });

  it('loads older pages until the quoted message is among the rows, to jump to it', async () => {
    const { room, messagesApi } = setup();
    serverGreets(chatMessages(201, 250), true);
    messagesApi.pages.push({ messages: chatMessages(101, 200), hasMore: true });
    messagesApi.pages.push({ messages: chatMessages(1, 100), hasMore: true });
    expect(await room.loadUntil(150)).toBe(true);
    expect(messagesApi.queries).toEqual([{ before: 201, limit: 100 }]);
    expect(await room.loadUntil(50)).toBe(true);
    expect(messagesApi.queries).toHaveLength(2);
  });

  it('gives up when nothing older holds it', async () => {
    const { room, messagesApi } = setup();
    serverGreets(chatMessages(51, 53), true);
    messagesApi.pages.push({ messages: chatMessages(40, 50), hasMore: false });
    expect(await room.loadUntil(7)).toBe(false);
  });
});
