import type { ChatMessage, MessageEdit, ReplyRef } from '@parley/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { Author } from '../chat/authorship';
import type { PendingChange } from '../chat/changes';
import type { QuoteState } from '../chat/quotes';
import { Timeline } from '../chat/timeline';
import { chatMessage, chatMessages } from '../testing/factories';
import { installListLayout, ROW_HEIGHT, VIEWPORT_HEIGHT } from '../testing/fakeListLayout';
import MessageList from './MessageList.vue';

const ALI: Author = { username: 'ali', userId: 'user-ali' };
const GUEST_ALI: Author = { username: 'Ali', userId: null };
const alis = (seq: number, overrides: Partial<ChatMessage> = {}) =>
  chatMessage(seq, { username: 'ali', userId: 'user-ali', ...overrides });
const beas = (seq: number, overrides: Partial<ChatMessage> = {}) =>
  chatMessage(seq, { username: 'bea', userId: 'user-bea', ...overrides });

function timelineOf(messages: ChatMessage[]): Timeline {
  const timeline = new Timeline();
  timeline.addMessages(messages);
  return timeline;
}

function mountList(
  messages: ChatMessage[],
  props: Partial<{
    self: Author;
    changes: PendingChange[];
    viewerRole: 'owner' | 'admin' | 'member' | null;
    canReport: boolean;
    quoted: (reply: ReplyRef) => QuoteState;
    loadEdits: (message: ChatMessage) => Promise<MessageEdit[]>;
  }> = {},
) {
  return mount(MessageList, {
    props: {
      timeline: timelineOf(messages).view(),
      outgoing: [],
      sendingThrottled: false,
      self: ALI,
      hasOlder: false,
      loadingOlder: false,
      loaded: true,
      ...props,
    },
    attachTo: document.body,
  });
}

const rowOf = (wrapper: ReturnType<typeof mountList>, seq: number) => wrapper.get(`[data-seq="${seq}"]`);
const buttonsOf = (wrapper: ReturnType<typeof mountList>, seq: number) =>
  rowOf(wrapper, seq)
    .findAll('.message-actions button')
    .map((button) => button.text());

let uninstallLayout: (() => void) | undefined;
afterEach(() => {
  uninstallLayout?.();
  uninstallLayout = undefined;
  document.body.innerHTML = '';
});

describe('a message row', () => {
  it('renders the Markdown subset, links opening elsewhere, and HTML and javascript: links as text', () => {
    const wrapper = mountList([
      beas(1, { content: '**bold** *soft* `code` see https://example.com' }),
      beas(2, { content: '<img src=x onerror=alert(1)> [x](javascript:alert(1))' }),
    ]);
    const first = rowOf(wrapper, 1).get('.message__content');
    expect(first.get('strong').text()).toBe('bold');
    expect(first.get('em').text()).toBe('soft');
    expect(first.get('code').text()).toBe('code');
    expect(first.get('a').attributes()).toMatchObject({
      href: 'https://example.com',
      target: '_blank',
      rel: 'noopener noreferrer',
    });
    const second = rowOf(wrapper, 2).get('.message__content');
    expect(second.text()).toBe('<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    expect(second.find('img').exists()).toBe(false);
    expect(second.find('a').exists()).toBe(false);
  });

  it('offers reply, react, edit and delete on the own message of a signed-in user', () => {
    const wrapper = mountList([alis(1), beas(2)]);
    expect(buttonsOf(wrapper, 1)).toEqual(['Reply', 'React', 'Edit', 'Delete']);
    expect(buttonsOf(wrapper, 2)).toEqual(['Reply', 'React']);
  });

  it("lets an owner or admin delete anyone's message, but edit only their own", () => {
    const wrapper = mountList([beas(2)], { viewerRole: 'admin' });
    expect(buttonsOf(wrapper, 2)).toEqual(['Reply', 'React', 'Delete']);
  });

  it('offers a guest reply and react only, on their own messages too', () => {
    const wrapper = mountList([chatMessage(1, { username: 'Ali' })], { self: GUEST_ALI });
    expect(buttonsOf(wrapper, 1)).toEqual(['Reply', 'React']);
  });

  it('offers a signed-in viewer a report of the messages of others, not of their own nor of a tombstone', async () => {
    const wrapper = mountList([alis(1), beas(2), beas(3, { deleted: true, content: '' })], { canReport: true });
    expect(buttonsOf(wrapper, 1)).toEqual(['Reply', 'React', 'Edit', 'Delete']);
    expect(buttonsOf(wrapper, 2)).toEqual(['Reply', 'React', 'Report']);
    expect(buttonsOf(wrapper, 3)).toEqual([]);

    await rowOf(wrapper, 2).findAll('.message-actions button').at(-1)!.trigger('click');
    expect(wrapper.emitted('report')?.[0]?.[0]).toMatchObject({ seq: 2 });
  });

  it('shows a tombstone in place, with no actions and no reactions', () => {
    const wrapper = mountList([
      alis(1, { deleted: true, content: '', reactions: [{ emoji: '👍', count: 1, users: ['bea'] }] }),
    ]);
    const row = rowOf(wrapper, 1);
    expect(row.get('.message__content').text()).toBe('This message was deleted');
    expect(row.find('.message-actions').exists()).toBe(false);
    expect(row.find('.reactions').exists()).toBe(false);
    expect(row.find('.message__author').text()).toBe('ali');
  });

  it('asks before deleting, then emits the delete', async () => {
    const wrapper = mountList([alis(1)]);
    const deleteButton = rowOf(wrapper, 1).findAll('.message-actions button').at(-1)!;
    await deleteButton.trigger('click');
    expect(wrapper.emitted('delete')).toBeUndefined();
    expect(rowOf(wrapper, 1).text()).toContain('Delete this message for everyone?');
    await rowOf(wrapper, 1).get('.message-row__confirm .button--danger').trigger('click');
    expect(wrapper.emitted('delete')?.[0]?.[0]).toMatchObject({ seq: 1 });
  });

  it('emits reply and edit with the message', async () => {
    const wrapper = mountList([alis(1)]);
    const [reply, , edit] = rowOf(wrapper, 1).findAll('.message-actions button');
    await reply!.trigger('click');
    await edit!.trigger('click');
    expect(wrapper.emitted('reply')?.[0]?.[0]).toMatchObject({ seq: 1 });
    expect(wrapper.emitted('edit')?.[0]?.[0]).toMatchObject({ seq: 1 });
  });

  it('shows the actions on a long press, as hovering would', async () => {
    const wrapper = mountList([beas(1)]);
    const row = rowOf(wrapper, 1);
    await row.trigger('touchstart');
    await new Promise((resolve) => setTimeout(resolve, 550));
    await nextTick();
    expect(row.classes()).toContain('message-row--actions-open');
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    await nextTick();
    expect(row.classes()).not.toContain('message-row--actions-open');
  });

  describe('reactions', () => {
    const reacted = beas(1, {
      reactions: [
        { emoji: '👍', count: 2, users: ['bea', 'ali'] },
        { emoji: '🎉', count: 1, users: ['cy'] },
      ],
    });

    it('shows a chip per emoji with its count and who reacted, the viewer’s own marked', () => {
      const chips = rowOf(mountList([reacted]), 1).findAll('.reaction');
      expect(chips.map((chip) => [chip.get('.reaction__emoji').text(), chip.get('.reaction__count').text()])).toEqual([
        ['👍', '2'],
        ['🎉', '1'],
      ]);
      expect(chips[0]?.attributes('title')).toBe('bea, ali');
      expect(chips[0]?.attributes('aria-pressed')).toBe('true');
      expect(chips[1]?.attributes('aria-pressed')).toBe('false');
    });

    it('says how many more reacted than the names listed', () => {
      const users = Array.from({ length: 20 }, (_, index) => `user${index}`);
      const crowded = beas(1, { reactions: [{ emoji: '👀', count: 23, users }] });
      expect(
        rowOf(mountList([crowded]), 1)
          .get('.reaction')
          .attributes('title'),
      ).toMatch(/user19 and 3 more$/);
    });

    it('toggles the viewer’s reaction on a click: off when theirs, on when not', async () => {
      const wrapper = mountList([reacted]);
      const chips = rowOf(wrapper, 1).findAll('.reaction');
      await chips[0]!.trigger('click');
      await chips[1]!.trigger('click');
      expect(
        wrapper.emitted('react')?.map(([message, emoji, on]) => [(message as ChatMessage).seq, emoji, on]),
      ).toEqual([
        [1, '👍', false],
        [1, '🎉', true],
      ]);
    });

    it('picks from a handful of common emoji', async () => {
      const wrapper = mountList([reacted]);
      await rowOf(wrapper, 1).findAll('.message-actions button')[1]!.trigger('click');
      const choices = rowOf(wrapper, 1).findAll('.emoji-picker__choice');
      expect(choices.map((choice) => choice.text())).toEqual(['👍', '❤️', '😂', '🎉', '😮', '😢', '👀', '🙏']);
      await choices[0]!.trigger('click');
      await rowOf(wrapper, 1).findAll('.message-actions button')[1]!.trigger('click');
      await rowOf(wrapper, 1).findAll('.emoji-picker__choice')[1]!.trigger('click');
      expect(wrapper.emitted('react')?.map(([, emoji, on]) => [emoji, on])).toEqual([
        ['👍', false],
        ['❤️', true],
      ]);
      expect(rowOf(wrapper, 1).find('.emoji-picker').exists()).toBe(false);
    });

    it('shows the viewer’s reaction at once, before the server answers', () => {
      const change: PendingChange = {
        clientId: 'c1',
        change: { kind: 'react', id: 'id-1', seq: 1, emoji: '🎉', on: true },
        status: 'sending',
      };
      const chips = rowOf(mountList([reacted], { changes: [change] }), 1).findAll('.reaction');
      expect(chips.map((chip) => chip.attributes('aria-label'))).toEqual(['👍 2: bea, ali', '🎉 2: cy, ali']);
    });
  });

  describe('edits', () => {
    const edited = alis(1, { content: 'third', version: 9, editedAt: '2025-01-01T11:30:00.000Z' });
    const earlier: MessageEdit[] = [
      { content: 'first', editedAt: null },
      { content: '**second**', editedAt: '2025-01-01T11:00:00.000Z' },
    ];

    it('marks an edited message with the time of the edit in a tooltip', () => {
      const marker = rowOf(mountList([edited]), 1).get('.message__edited');
      expect(marker.text()).toBe('(edited)');
      expect(marker.attributes('title')).toMatch(/^Edited /);
      expect(
        rowOf(mountList([alis(2)]), 2)
          .find('.message__edited')
          .exists(),
      ).toBe(false);
    });

    it('shows the earlier versions, oldest first, one click away', async () => {
      const asked: number[] = [];
      const wrapper = mountList([edited], {
        loadEdits: async (message) => {
          asked.push(message.seq);
          return earlier;
        },
      });
      await rowOf(wrapper, 1).get('.message__edited').trigger('click');
      await flushPromises();
      const versions = rowOf(wrapper, 1).findAll('.edit-history__version');
      expect(asked).toEqual([1]);
      expect(versions.map((version) => version.get('.edit-history__content').text())).toEqual(['first', 'second']);
      expect(versions[0]?.text()).toMatch(/^Original/);
      expect(versions[1]?.find('strong').exists()).toBe(true);

      await rowOf(wrapper, 1).get('.message__edited').trigger('click');
      expect(rowOf(wrapper, 1).find('.edit-history').exists()).toBe(false);
    });

    it('shows the content being saved while the edit is on its way, and a refusal to dismiss', async () => {
      const saving: PendingChange = {
        clientId: 'c1',
        change: { kind: 'edit', id: 'id-1', seq: 1, content: 'on its way' },
        status: 'sending',
      };
      const refused: PendingChange = {
        clientId: 'c2',
        change: { kind: 'delete', id: 'id-1', seq: 1 },
        status: 'failed',
        error: 'Delete not saved: No such message',
      };
      const wrapper = mountList([alis(1)], { changes: [saving, refused] });
      const row = rowOf(wrapper, 1);
      expect(row.get('.message__content').text()).toBe('on its way');
      expect(row.text()).toContain('Saving edit…');
      expect(row.text()).toContain('Delete not saved: No such message');
      await row.get('.message-row__note--error button').trigger('click');
      expect(wrapper.emitted('dismissChange')).toEqual([['c2']]);
    });
  });

  describe('replies', () => {
    const reply = beas(5, { replyTo: { id: 'id-2', seq: 2, username: 'ali' }, content: 'yes' });

    it("previews the quoted message's current state, and jumps to it on a click", async () => {
      const wrapper = mountList([alis(2), reply], {
        quoted: () => ({ kind: 'found', message: alis(2, { content: 'edited question', version: 4 }) }),
      });
      const preview = rowOf(wrapper, 5).get('.reply-preview');
      expect(preview.get('.reply-preview__author').text()).toBe('ali');
      expect(preview.get('.reply-preview__excerpt').text()).toBe('edited question');
      await preview.trigger('click');
      expect(wrapper.emitted('jump')).toEqual([[{ id: 'id-2', seq: 2, username: 'ali' }]]);
    });

    it('says the quoted message was deleted', () => {
      const wrapper = mountList([reply], {
        quoted: () => ({ kind: 'found', message: alis(2, { deleted: true, content: '' }) }),
      });
      expect(rowOf(wrapper, 5).get('.reply-preview__excerpt').text()).toBe('deleted message');
    });

    it('asks for a quoted message that is not known yet', () => {
      const wrapper = mountList([reply], { quoted: () => ({ kind: 'loading' }) });
      expect(wrapper.emitted('needQuote')).toEqual([[{ id: 'id-2', seq: 2, username: 'ali' }]]);
    });
  });
});

describe('a message row changing height in the virtual list', () => {
  const EXTRA_FOR_REACTIONS = 40;

  it('is measured again when its message changes, so the list stays at the bottom', async () => {
    uninstallLayout = installListLayout(
      (row) => ROW_HEIGHT + (row.querySelector('.reactions') ? EXTRA_FOR_REACTIONS : 0),
    );
    const timeline = timelineOf(chatMessages(1, 20));
    const wrapper = mountList([]);
    await wrapper.setProps({ timeline: timeline.view() });
    await nextTick();
    const scroller = wrapper.get('[role="log"]').element as HTMLElement;
    expect(scroller.scrollTop).toBe(20 * ROW_HEIGHT - VIEWPORT_HEIGHT);

    timeline.applyState(chatMessage(20, { version: 21, reactions: [{ emoji: '👍', count: 1, users: ['bea'] }] }));
    await wrapper.setProps({ timeline: timeline.view() });
    await nextTick();
    await nextTick();

    expect(scroller.scrollHeight).toBe(20 * ROW_HEIGHT + EXTRA_FOR_REACTIONS);
    expect(scroller.scrollTop).toBe(20 * ROW_HEIGHT + EXTRA_FOR_REACTIONS - VIEWPORT_HEIGHT);
  });

  it('keeps what is read in place when a row above it grows', async () => {
    uninstallLayout = installListLayout(
      (row) => ROW_HEIGHT + (row.querySelector('.reactions') ? EXTRA_FOR_REACTIONS : 0),
    );
    const timeline = timelineOf(chatMessages(1, 40));
    const wrapper = mountList([]);
    await wrapper.setProps({ timeline: timeline.view() });
    await nextTick();
    const scroller = wrapper.get('[role="log"]').element as HTMLElement;
    scroller.scrollTop = 2000;
    await wrapper.get('[role="log"]').trigger('scroll');
    await nextTick();
    const topOf = (seq: number) => rowOf(wrapper, seq).element.closest('li')!;
    const list = wrapper.get('.message-list__items').element as HTMLElement;
    const screenTop = (seq: number) => {
      let top = parseFloat(list.style.paddingTop || '0');
      for (const row of list.children) {
        if (row === topOf(seq)) break;
        top += row.querySelector('.reactions') ? ROW_HEIGHT + EXTRA_FOR_REACTIONS : ROW_HEIGHT;
      }
      return top - scroller.scrollTop;
    };
    const before = screenTop(22);

    timeline.applyState(chatMessage(19, { version: 41, reactions: [{ emoji: '👍', count: 1, users: ['bea'] }] }));
    await wrapper.setProps({ timeline: timeline.view() });
    await nextTick();

    // Rendered above the viewport, grown by its reactions: the rows below it did not move.
    expect(rowOf(wrapper, 19).find('.reactions').exists()).toBe(true);
    expect(screenTop(22)).toBe(before);
  });

  it('scrolls to a message jumped to and highlights it', async () => {
    uninstallLayout = installListLayout();
    const timeline = timelineOf(chatMessages(1, 40));
    const wrapper = mountList([]);
    await wrapper.setProps({ timeline: timeline.view() });
    await nextTick();
    const scroller = wrapper.get('[role="log"]').element as HTMLElement;

    const found = await (
      wrapper.vm as unknown as { scrollToMessage: (seq: number) => Promise<boolean> }
    ).scrollToMessage(5);
    await nextTick();

    expect(found).toBe(true);
    expect(scroller.scrollTop).toBe(4 * ROW_HEIGHT - (VIEWPORT_HEIGHT - ROW_HEIGHT) / 2);
    expect(rowOf(wrapper, 5).classes()).toContain('message-row--highlighted');
  });
});
