import type { ChatMessage, ReplyRef } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { nextTick, shallowRef } from 'vue';
import type { PendingChange } from '../chat/changes';
import type { QuoteState } from '../chat/quotes';
import { chatMessage } from '../testing/factories';
import { useComposerModes } from './useComposerModes';

/** The room as the composer's modes see it: messages by seq, and what was sent. */
function fakeRoom(messages: ChatMessage[]) {
  const held = shallowRef(new Map(messages.map((message) => [message.seq, message])));
  const sent: unknown[][] = [];
  const room = {
    self: { username: 'ali', userId: 'user-ali' },
    changes: shallowRef<readonly PendingChange[]>([]),
    quoted: (reply: ReplyRef): QuoteState => {
      const message = held.value.get(reply.seq);
      return message ? { kind: 'found', message } : { kind: 'loading' };
    },
    messageAt: (seq: number) => held.value.get(seq),
    lastEditable: () => [...held.value.values()].reverse().find((m) => m.userId === 'user-ali' && !m.deleted),
    send: (...args: unknown[]) => (sent.push(['send', ...args]), true),
    edit: (...args: unknown[]) => (sent.push(['edit', ...args]), true),
    remove: (...args: unknown[]) => (sent.push(['remove', ...args]), true),
  };
  const update = (message: ChatMessage) => (held.value = new Map(held.value).set(message.seq, message));
  return { room, sent, update };
}

const alis = (seq: number, overrides: Partial<ChatMessage> = {}) =>
  chatMessage(seq, { username: 'ali', userId: 'user-ali', content: `mine ${seq}`, ...overrides });

describe('useComposerModes', () => {
  it('names the quoted message as it is now, and sends the reply with its reference', () => {
    const { room, sent, update } = fakeRoom([chatMessage(1, { content: 'question' })]);
    const modes = useComposerModes(room);
    modes.startReply(chatMessage(1, { content: 'question' }));
    update(chatMessage(1, { content: 'better question', version: 5 }));
    expect(modes.replyTarget.value).toEqual({ username: 'Bea', excerpt: 'better question' });

    modes.send('answer');
    expect(sent).toEqual([['send', 'answer', { id: 'id-1', seq: 1, username: 'Bea' }, []]]);
    expect(modes.replyTarget.value).toBeNull();
  });

  it('edits the last own message on ↑, starting from its text, and saves against its current state', () => {
    const { room, sent, update } = fakeRoom([alis(1), alis(2), chatMessage(3)]);
    const modes = useComposerModes(room);
    modes.editLast();
    expect(modes.editTarget.value).toEqual({ key: '2', content: 'mine 2' });
    update(alis(2, { version: 7, content: 'edited elsewhere' }));

    modes.save('mine, again');
    expect(sent).toEqual([['edit', alis(2, { version: 7, content: 'edited elsewhere' }), 'mine, again']]);
    expect(modes.editTarget.value).toBeNull();
  });

  it('never replies and edits at once', () => {
    const { room } = fakeRoom([alis(1), chatMessage(2)]);
    const modes = useComposerModes(room);
    modes.startReply(chatMessage(2));
    modes.startEdit(alis(1));
    expect(modes.replyTarget.value).toBeNull();
    modes.startReply(chatMessage(2));
    expect(modes.editTarget.value).toBeNull();
    modes.cancel();
    expect(modes.replyTarget.value).toBeNull();
  });

  it('stops editing a message deleted meanwhile', async () => {
    const { room, update } = fakeRoom([alis(1)]);
    const modes = useComposerModes(room);
    modes.startEdit(alis(1));
    update(alis(1, { version: 4, deleted: true, content: '' }));
    await nextTick();
    expect(modes.editTarget.value).toBeNull();
  });
});
