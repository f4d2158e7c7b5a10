import type { ChatMessage, SystemData } from '@parley/contracts';
import { mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { Author } from '../chat/authorship';
import type { OutgoingMessage } from '../chat/outbox';
import { Timeline } from '../chat/timeline';
import { chatMessage, chatMessages } from '../testing/factories';
import { installListLayout, ROW_HEIGHT, VIEWPORT_HEIGHT } from '../testing/fakeListLayout';
import MessageList from './MessageList.vue';

const GUEST_ALI: Author = { username: 'Ali', userId: null };

function timelineOf(messages: ChatMessage[]): Timeline {
  const timeline = new Timeline();
  timeline.addMessages(messages);
  return timeline;
}

function mountList(
  timeline: Timeline,
  props: Partial<{
    outgoing: OutgoingMessage[];
    hasOlder: boolean;
    sendingThrottled: boolean;
    self: Author;
    seenBy: ReadonlyMap<number, readonly string[]>;
  }> = {},
) {
  return mount(MessageList, {
    props: {
      timeline: timeline.view(),
      outgoing: [],
      sendingThrottled: false,
      self: GUEST_ALI,
      hasOlder: false,
      loadingOlder: false,
      loaded: true,
      ...props,
    },
  });
}

const outgoing = (clientId: string, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  clientId,
  content: `content of ${clientId}`,
  createdAt: '2025-01-01T10:00:00.000Z',
  status: 'sending',
  ...overrides,
});

/** Reads and drives the stubbed layout of a mounted list. */
function layoutOf(wrapper: VueWrapper) {
  const scroller = wrapper.get('[role="log"]').element as HTMLElement;
  const list = wrapper.get('.message-list__items').element as HTMLElement;
  return {
    get scrollTop() {
      return scroller.scrollTop;
    },
    bottom: () => scroller.scrollHeight - VIEWPORT_HEIGHT,
    async scrollTo(position: number) {
      scroller.scrollTop = position;
      await wrapper.get('[role="log"]').trigger('scroll');
      await nextTick();
    },
    /** Where the row holding `text` is, from the top of the viewport, as a browser would lay it out. */
    onScreenTopOf(text: string): number {
      const rows = [...list.children];
      const index = rows.findIndex((row) => row.querySelector('.message__content')?.textContent === text);
      if (index < 0) throw new Error(`"${text}" is not rendered`);
      return parseFloat(list.style.paddingTop || '0') + index * ROW_HEIGHT - scroller.scrollTop;
    },
    renderedRows: () => list.children.length,
  };
}

const join = (username: string): SystemData => ({ kind: 'join', username, at: '2025-01-01T10:00:00.000Z' });

let uninstallLayout: (() => void) | undefined;

afterEach(() => {
  uninstallLayout?.();
  uninstallLayout = undefined;
});

describe('MessageList rendering', () => {
  it('shows markup in a message as text and creates no element from it', () => {
    const wrapper = mountList(
      timelineOf([
        chatMessage(1, { content: '<img src=x onerror=alert(1)>' }),
        chatMessage(2, { content: '<script>alert(1)</script>' }),
      ]),
    );
    const contents = wrapper.findAll('.message__content').map((node) => node.text());
    expect(contents).toEqual(['<img src=x onerror=alert(1)>', '<script>alert(1)</script>']);
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('script').exists()).toBe(false);
  });

  it('keeps the newlines of a message', () => {
    const wrapper = mountList(timelineOf([chatMessage(1, { content: 'one\ntwo' })]));
    expect(wrapper.get('.message__content').element.textContent).toBe('one\ntwo');
  });

  it("shows each message's sender and time, and styles own messages apart from others'", () => {
    const wrapper = mountList(timelineOf([chatMessage(1, { username: 'Bea' }), chatMessage(2, { username: 'Ali' })]));
    const [fromBea, fromAli] = wrapper.findAll('.message');
    expect(fromBea?.get('.message__author').text()).toBe('Bea');
    expect(fromBea?.classes()).toContain('message--other');
    expect(fromAli?.classes()).toContain('message--own');
    expect(fromAli?.classes()).not.toContain('message--other');
    expect(fromAli?.get('time').attributes('datetime')).toBe(chatMessage(2).createdAt);
  });

  it("marks guests' messages as a guest's, and no one else's", () => {
    const wrapper = mountList(
      timelineOf([
        chatMessage(1, { username: 'ali', userId: 'user-ali' }),
        // A Cyrillic "А": a guest name that looks like the registered one.
        chatMessage(2, { username: 'Аli', userId: null }),
      ]),
      { self: { username: 'bea', userId: 'user-bea' } },
    );
    const [fromUser, fromGuest] = wrapper.findAll('.message');
    expect(fromUser?.find('.guest-mark').exists()).toBe(false);
    expect(fromGuest?.get('.guest-mark').text()).toBe('guest');
    expect(fromGuest?.get('.message__author').text()).toBe('Аli');
  });

  it("takes a signed-in user's messages for their own by id, not by name", () => {
    const wrapper = mountList(
      timelineOf([
        chatMessage(1, { username: 'ali', userId: 'user-ali' }),
        chatMessage(2, { username: 'ali', userId: null }),
      ]),
      { self: { username: 'ali', userId: 'user-ali' } },
    );
    const [byId, byNameOnly] = wrapper.findAll('.message');
    expect(byId?.classes()).toContain('message--own');
    expect(byNameOnly?.classes()).toContain('message--other');
  });

  it('marks what a guest is still sending with the guest mark, and what a user is sending without', async () => {
    const wrapper = mountList(timelineOf([]), { outgoing: [outgoing('c1')] });
    expect(wrapper.get('.message--outgoing .guest-mark').text()).toBe('guest');

    await wrapper.setProps({ self: { username: 'ali', userId: 'user-ali' } });
    expect(wrapper.get('.message--outgoing .message__author').text()).toBe('ali');
    expect(wrapper.find('.message--outgoing .guest-mark').exists()).toBe(false);
  });

  it('shows joins and leaves inline where they happened', () => {
    const timeline = timelineOf([chatMessage(1)]);
    timeline.addNotice(join('Bea'));
    timeline.addMessages([chatMessage(2)]);
    timeline.addNotice({ kind: 'leave', username: 'Bea', at: '2025-01-01T10:05:00.000Z' });
    const rows = mountList(timeline)
      .findAll('li')
      .map((row) => row.text());
    expect(rows[1]).toMatch(/^Bea joined/);
    expect(rows[3]).toMatch(/^Bea left/);
  });

  it('says who was added or removed, and by whom', () => {
    const timeline = timelineOf([chatMessage(1)]);
    timeline.addNotice({ kind: 'added', username: 'cy', by: 'Bea', at: '2025-01-01T10:05:00.000Z' });
    timeline.addNotice({ kind: 'removed', username: 'dan', by: 'Bea', at: '2025-01-01T10:06:00.000Z' });
    const notices = mountList(timeline)
      .findAll('.notice')
      .map((notice) => notice.text());
    expect(notices[0]).toMatch(/^cy was added by Bea/);
    expect(notices[1]).toMatch(/^dan was removed by Bea/);
  });

  it('shows "Seen by" under the messages the others read last, and nowhere else', async () => {
    const wrapper = mountList(timelineOf(chatMessages(1, 3)), { seenBy: new Map([[2, ['bea', 'cy']]]) });
    expect(wrapper.findAll('.seen-by').map((line) => line.text())).toEqual(['Seen by bea, cy']);
    expect(wrapper.findAll('.message')[1]?.get('.seen-by').text()).toBe('Seen by bea, cy');

    await wrapper.setProps({ seenBy: new Map([[3, ['bea']]]) });
    expect(wrapper.findAll('.message')[1]?.find('.seen-by').exists()).toBe(false);
    expect(wrapper.findAll('.message')[2]?.get('.seen-by').text()).toBe('Seen by bea');
  });

  it('shows what is still on its way after the stored messages, as sending, or failed with a Retry', async () => {
    const wrapper = mountList(timelineOf([chatMessage(1)]), {
      outgoing: [outgoing('c1', { content: 'pending' }), outgoing('c2', { status: 'failed', error: 'Not stored' })],
    });
    const rows = wrapper.findAll('li');
    expect(rows).toHaveLength(3);
    const [pending, refused] = wrapper.findAll('.message--outgoing');

    expect(rows[1]?.find('.message--outgoing').exists()).toBe(true);
    expect(pending?.classes()).toContain('message--own');
    expect(pending?.text()).toContain('Sending…');
    expect(refused?.text()).toContain('Not sent: Not stored');
    await refused?.get('button').trigger('click');
    expect(wrapper.emitted('retry')).toEqual([['c2']]);
  });

  it('says a pending message is waiting while the server holds sending back, with no error or Retry', async () => {
    const wrapper = mountList(timelineOf([chatMessage(1)]), { outgoing: [outgoing('c1')], sendingThrottled: true });
    const pending = wrapper.get('.message--outgoing');
    expect(pending.text()).toContain('Waiting to send…');
    expect(pending.find('button').exists()).toBe(false);
    expect(pending.classes()).not.toContain('message--failed');

    await wrapper.setProps({ sendingThrottled: false });
    expect(wrapper.get('.message--outgoing').text()).toContain('Sending…');
  });

  it('says the room is empty only once loaded', async () => {
    const wrapper = mount(MessageList, {
      props: {
        timeline: new Timeline().view(),
        outgoing: [],
        sendingThrottled: false,
        self: GUEST_ALI,
        hasOlder: false,
        loadingOlder: false,
        loaded: false,
      },
    });
    expect(wrapper.text()).not.toContain('No messages yet');
    await wrapper.setProps({ loaded: true });
    expect(wrapper.text()).toContain('No messages yet');
  });
});

describe('MessageList scrolling', () => {
  beforeEach(() => {
    uninstallLayout = installListLayout();
  });

  it('starts at the bottom, and stays there when a message arrives', async () => {
    const timeline = timelineOf(chatMessages(1, 20));
    const wrapper = mountList(timeline);
    const layout = layoutOf(wrapper);
    await nextTick();
    expect(layout.scrollTop).toBe(layout.bottom());
    expect(layout.bottom()).toBe(20 * ROW_HEIGHT - VIEWPORT_HEIGHT);

    timeline.addMessages([chatMessage(21)]);
    await wrapper.setProps({ timeline: timeline.view() });

    expect(layout.scrollTop).toBe(21 * ROW_HEIGHT - VIEWPORT_HEIGHT);
    expect(layout.onScreenTopOf('message 21')).toBe(VIEWPORT_HEIGHT - ROW_HEIGHT);
    expect(wrapper.text()).not.toContain('New messages');
  });

  it('tells that the newest message was seen while at the bottom, and not while scrolled up until back there', async () => {
    const timeline = timelineOf(chatMessages(1, 20));
    const wrapper = mountList(timeline);
    const layout = layoutOf(wrapper);
    await nextTick();
    expect(wrapper.emitted('seen')?.at(-1)).toEqual([20]);

    timeline.addMessages([chatMessage(21)]);
    await wrapper.setProps({ timeline: timeline.view() });
    await nextTick();
    expect(wrapper.emitted('seen')?.at(-1)).toEqual([21]);

    await layout.scrollTo(600);
    timeline.addMessages([chatMessage(22)]);
    await wrapper.setProps({ timeline: timeline.view() });
    await nextTick();
    expect(wrapper.emitted('seen')?.flat()).not.toContain(22);

    await layout.scrollTo(layout.bottom());
    await nextTick();
    expect(wrapper.emitted('seen')?.at(-1)).toEqual([22]);
  });

  it('does not move when the user scrolled up, and offers a jump to the new messages', async () => {
    const timeline = timelineOf(chatMessages(1, 20));
    const wrapper = mountList(timeline);
    const layout = layoutOf(wrapper);
    await layout.scrollTo(600);

    timeline.addMessages([chatMessage(21)]);
    await wrapper.setProps({ timeline: timeline.view() });

    expect(layout.scrollTop).toBe(600);
    const jump = wrapper.get('button.jump-to-latest');
    expect(jump.text()).toBe('New messages ↓');
    await jump.trigger('click');
    await nextTick();
    expect(layout.scrollTop).toBe(layout.bottom());
    expect(layout.onScreenTopOf('message 21')).toBe(VIEWPORT_HEIGHT - ROW_HEIGHT);
    expect(wrapper.find('button.jump-to-latest').exists()).toBe(false);
  });

  it('follows the user’s own message even when scrolled up', async () => {
    const wrapper = mountList(timelineOf(chatMessages(1, 20)));
    const layout = layoutOf(wrapper);
    await layout.scrollTo(600);

    await wrapper.setProps({ outgoing: [outgoing('c1', { content: 'mine' })] });
    await nextTick();

    expect(layout.scrollTop).toBe(layout.bottom());
    expect(layout.onScreenTopOf('mine')).toBe(VIEWPORT_HEIGHT - ROW_HEIGHT);
  });

  it('keeps the visible messages in place when an older page is prepended', async () => {
    const timeline = timelineOf(chatMessages(51, 70));
    const wrapper = mountList(timeline, { hasOlder: true });
    const layout = layoutOf(wrapper);
    await layout.scrollTo(350);
    const before = layout.onScreenTopOf('message 55');

    timeline.addMessages(chatMessages(21, 50));
    await wrapper.setProps({ timeline: timeline.view() });
    await nextTick();

    expect(layout.onScreenTopOf('message 55')).toBe(before);
    expect(layout.scrollTop).toBeGreaterThan(350 + 20 * ROW_HEIGHT);
  });

  it('asks for older messages when scrolled near the top, only if there are any', async () => {
    const wrapper = mountList(timelineOf(chatMessages(51, 70)), { hasOlder: true });
    const layout = layoutOf(wrapper);
    await layout.scrollTo(1000);
    expect(wrapper.emitted('loadOlder')).toBeUndefined();

    await layout.scrollTo(40);
    expect(wrapper.emitted('loadOlder')).toHaveLength(1);

    await wrapper.setProps({ hasOlder: false });
    await layout.scrollTo(0);
    expect(wrapper.emitted('loadOlder')).toHaveLength(1);
  });
});

describe('MessageList with a long history', () => {
  beforeEach(() => {
    uninstallLayout = installListLayout();
  });

  /** Mounts `count` messages, appends one while at the bottom, and counts the rows and DOM changes that took. */
  async function appendToHistoryOf(count: number) {
    const timeline = timelineOf(chatMessages(1, count));
    const wrapper = mountList(timeline);
    const layout = layoutOf(wrapper);
    await nextTick();
    const list = wrapper.get('.message-list__items').element;
    const rowsBefore = layout.renderedRows();

    const mutations: MutationRecord[] = [];
    const observer = new MutationObserver((records) => mutations.push(...records));
    observer.observe(list, { childList: true, subtree: true, characterData: true, attributes: true });
    timeline.addMessages([chatMessage(count + 1)]);
    await wrapper.setProps({ timeline: timeline.view() });
    await nextTick();
    mutations.push(...observer.takeRecords());
    observer.disconnect();

    const rowsChanged = mutations.reduce(
      (sum, record) =>
        sum +
        [...record.addedNodes, ...record.removedNodes].filter((node) => (node as Element).tagName === 'LI').length,
      0,
    );
    return {
      timeline,
      wrapper,
      layout,
      rowsBefore,
      rowsAfter: layout.renderedRows(),
      rowsChanged,
      mutations: mutations.length,
    };
  }

  it('renders only the rows near the viewport, as many with 10,000 messages as with 40', async () => {
    const small = await appendToHistoryOf(40);
    const large = await appendToHistoryOf(10_000);

    // 500 px of viewport and 600 px of overscan on each side, at 100 px a row.
    const bound = (VIEWPORT_HEIGHT + 2 * 600) / ROW_HEIGHT + 2;
    expect(large.rowsBefore).toBeLessThanOrEqual(bound);
    expect(large.rowsAfter).toBe(small.rowsAfter);
    expect(large.layout.scrollTop).toBe(large.layout.bottom());
    expect(large.layout.onScreenTopOf('message 10001')).toBe(VIEWPORT_HEIGHT - ROW_HEIGHT);
    // One row in at the bottom, one out at the top: the same DOM work whatever the length.
    expect(large.rowsChanged).toBe(2);
    expect(small.rowsChanged).toBe(2);
    expect(large.mutations).toBe(small.mutations);
  });

  it('tells assistive technology where each rendered row sits in the whole list', async () => {
    const { wrapper } = await appendToHistoryOf(10_000);
    const last = wrapper.findAll('li').at(-1)!;
    expect(last.attributes('aria-posinset')).toBe('10001');
    expect(last.attributes('aria-setsize')).toBe('10001');
  });

  it('renders the rows wherever the user scrolls to, one after another', async () => {
    const { wrapper, layout } = await appendToHistoryOf(10_000);
    await layout.scrollTo(layout.bottom() / 2);

    const seqs = wrapper.findAll('.message__content').map((node) => Number(node.text().replace('message ', '')));
    expect(seqs.length).toBeLessThanOrEqual((VIEWPORT_HEIGHT + 2 * 600) / ROW_HEIGHT + 2);
    expect(seqs[0]).toBeGreaterThan(3000);
    expect(seqs.at(-1)).toBeLessThan(7000);
    expect(seqs).toEqual(seqs.map((_, index) => seqs[0]! + index));
    // The viewport shows rendered rows, not a spacer.
    const onScreen = seqs.map((seq) => layout.onScreenTopOf(`message ${seq}`));
    expect(onScreen.some((top) => top <= 0 && top > -ROW_HEIGHT)).toBe(true);
    expect(onScreen.at(-1)).toBeGreaterThanOrEqual(VIEWPORT_HEIGHT);
  });

  it('moves what is read by exactly the distance scrolled, though the rows coming into view were only estimated', async () => {
    const { wrapper, layout } = await appendToHistoryOf(10_000);
    await layout.scrollTo(layout.bottom() - 5000);
    const [read] = wrapper.findAll('.message__content').filter((node) => {
      const top = layout.onScreenTopOf(node.text());
      return top > 0 && top < VIEWPORT_HEIGHT;
    });
    const before = layout.onScreenTopOf(read!.text());

    await layout.scrollTo(layout.scrollTop - 150);

    expect(layout.onScreenTopOf(read!.text())).toBe(before + 150);
  });

  it('takes about as long to append a message to 10,000 as to 40', async () => {
    const lists = await Promise.all([40, 10_000].map((count) => appendToHistoryOf(count)));
    const durations: number[][] = [[], []];
    // Interleaved, so that whatever else the machine does weighs on both alike.
    for (let round = 0; round < 60; round++) {
      for (const [which, { timeline, wrapper }] of lists.entries()) {
        const started = performance.now();
        timeline.addMessages([chatMessage(timeline.newestSeq + 1)]);
        await wrapper.setProps({ timeline: timeline.view() });
        await nextTick();
        durations[which]!.push(performance.now() - started);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const [small, large] = durations.map(median);
    // Rendering all 10,000 rows made this about thirty times slower; a little noise is allowed.
    expect(large).toBeLessThan(3 * small! + 1);
  });
});
