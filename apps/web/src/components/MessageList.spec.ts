import { mount, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { buildTimeline, type RoomNotice, type TimelineItem } from '../chat/timeline';
import type { OutgoingMessage } from '../chat/outbox';
import { chatMessage, chatMessages } from '../testing/factories';
import MessageList from './MessageList.vue';

const ITEM_HEIGHT = 100;
const VIEWPORT_HEIGHT = 500;

function timeline(items: { from: number; to: number; notices?: RoomNotice[]; outgoing?: OutgoingMessage[] }) {
  return buildTimeline(chatMessages(items.from, items.to), items.notices ?? [], items.outgoing ?? []);
}

function mountList(items: TimelineItem[], props: Partial<{ hasOlder: boolean; loadingOlder: boolean }> = {}) {
  return mount(MessageList, {
    props: { items, self: 'Ali', hasOlder: false, loadingOlder: false, loaded: true, ...props },
  });
}

/** jsdom lays nothing out: give the scroller a height per rendered item and a browser-like clamped scrollTop. */
function stubLayout(wrapper: VueWrapper) {
  const scroller = wrapper.get('[role="log"]').element as HTMLElement;
  let scrollTop = 0;
  const scrollHeight = () => scroller.querySelectorAll('li').length * ITEM_HEIGHT;
  Object.defineProperties(scroller, {
    scrollHeight: { configurable: true, get: scrollHeight },
    clientHeight: { configurable: true, get: () => VIEWPORT_HEIGHT },
    scrollTop: {
      configurable: true,
      get: () => scrollTop,
      set: (value: number) => (scrollTop = Math.max(0, Math.min(value, scrollHeight() - VIEWPORT_HEIGHT))),
    },
  });
  const bottom = () => scrollHeight() - VIEWPORT_HEIGHT;
  return {
    bottom,
    get scrollTop() {
      return scroller.scrollTop;
    },
    async scrollTo(position: number) {
      scroller.scrollTop = position;
      await wrapper.get('[role="log"]').trigger('scroll');
    },
  };
}

describe('MessageList rendering', () => {
  it('shows markup in a message as text and creates no element from it', () => {
    const wrapper = mountList(
      buildTimeline(
        [
          chatMessage(1, { content: '<img src=x onerror=alert(1)>' }),
          chatMessage(2, { content: '<script>alert(1)</script>' }),
        ],
        [],
        [],
      ),
    );
    const contents = wrapper.findAll('.message__content').map((node) => node.text());
    expect(contents).toEqual(['<img src=x onerror=alert(1)>', '<script>alert(1)</script>']);
    expect(wrapper.find('img').exists()).toBe(false);
    expect(wrapper.find('script').exists()).toBe(false);
  });

  it('keeps the newlines of a message', () => {
    const wrapper = mountList(buildTimeline([chatMessage(1, { content: 'one\ntwo' })], [], []));
    expect(wrapper.get('.message__content').element.textContent).toBe('one\ntwo');
  });

  it("shows each message's sender and time, and styles own messages apart from others'", () => {
    const wrapper = mountList(
      buildTimeline([chatMessage(1, { username: 'Bea' }), chatMessage(2, { username: 'Ali' })], [], []),
    );
    const [fromBea, fromAli] = wrapper.findAll('.message');
    expect(fromBea?.get('.message__author').text()).toBe('Bea');
    expect(fromBea?.classes()).toContain('message--other');
    expect(fromAli?.classes()).toContain('message--own');
    expect(fromAli?.classes()).not.toContain('message--other');
    expect(fromAli?.get('time').attributes('datetime')).toBe(chatMessage(2).createdAt);
  });

  it('shows joins and leaves inline where they happened', () => {
    const notices: RoomNotice[] = [
      { id: 1, kind: 'join', username: 'Bea', at: '2025-01-01T10:00:00.000Z', afterSeq: 1 },
      { id: 2, kind: 'leave', username: 'Bea', at: '2025-01-01T10:05:00.000Z', afterSeq: 2 },
    ];
    const wrapper = mountList(timeline({ from: 1, to: 2, notices }));
    const rows = wrapper.findAll('li').map((row) => row.text());
    expect(rows[1]).toMatch(/^Bea joined/);
    expect(rows[3]).toMatch(/^Bea left/);
  });

  it('marks a pending message as sending, and a refused one as failed with a Retry that names it', async () => {
    const outgoing: OutgoingMessage[] = [
      { clientId: 'c1', content: 'pending', createdAt: '2025-01-01T10:00:00.000Z', status: 'sending' },
      {
        clientId: 'c2',
        content: 'refused',
        createdAt: '2025-01-01T10:00:00.000Z',
        status: 'failed',
        error: 'Slow down',
      },
    ];
    const wrapper = mountList(timeline({ from: 1, to: 1, outgoing }));
    const [pending, refused] = wrapper.findAll('.message--outgoing');

    expect(pending?.classes()).toContain('message--own');
    expect(pending?.text()).toContain('Sending…');
    expect(refused?.text()).toContain('Not sent: Slow down');
    await refused?.get('button').trigger('click');
    expect(wrapper.emitted('retry')).toEqual([['c2']]);
  });

  it('says the room is empty only once loaded', async () => {
    const wrapper = mount(MessageList, {
      props: { items: [], self: 'Ali', hasOlder: false, loadingOlder: false, loaded: false },
    });
    expect(wrapper.text()).not.toContain('No messages yet');
    await wrapper.setProps({ loaded: true });
    expect(wrapper.text()).toContain('No messages yet');
  });
});

describe('MessageList scrolling', () => {
  it('stays at the bottom when a message arrives while the user is at the bottom', async () => {
    const wrapper = mountList(timeline({ from: 1, to: 20 }));
    const layout = stubLayout(wrapper);
    await layout.scrollTo(layout.bottom());

    await wrapper.setProps({ items: timeline({ from: 1, to: 21 }) });

    expect(layout.scrollTop).toBe(layout.bottom());
    expect(layout.scrollTop).toBe(21 * ITEM_HEIGHT - VIEWPORT_HEIGHT);
    expect(wrapper.text()).not.toContain('New messages');
  });

  it('does not move when the user scrolled up, and offers a jump to the new messages', async () => {
    const wrapper = mountList(timeline({ from: 1, to: 20 }));
    const layout = stubLayout(wrapper);
    await layout.scrollTo(600);

    await wrapper.setProps({ items: timeline({ from: 1, to: 21 }) });

    expect(layout.scrollTop).toBe(600);
    const jump = wrapper.get('button.jump-to-latest');
    expect(jump.text()).toBe('New messages ↓');
    await jump.trigger('click');
    expect(layout.scrollTop).toBe(layout.bottom());
    expect(wrapper.find('button.jump-to-latest').exists()).toBe(false);
  });

  it('follows the user’s own message even when scrolled up', async () => {
    const wrapper = mountList(timeline({ from: 1, to: 20 }));
    const layout = stubLayout(wrapper);
    await layout.scrollTo(600);

    const own: OutgoingMessage = {
      clientId: 'c1',
      content: 'mine',
      createdAt: '2025-01-01T10:00:00.000Z',
      status: 'sending',
    };
    await wrapper.setProps({ items: timeline({ from: 1, to: 20, outgoing: [own] }) });

    expect(layout.scrollTop).toBe(layout.bottom());
  });

  it('keeps the visible messages in place when an older page is prepended', async () => {
    const wrapper = mountList(timeline({ from: 51, to: 70 }), { hasOlder: true });
    const layout = stubLayout(wrapper);
    await layout.scrollTo(300);

    await wrapper.setProps({ items: timeline({ from: 41, to: 70 }) });

    expect(layout.scrollTop).toBe(300 + 10 * ITEM_HEIGHT);
  });

  it('asks for older messages when scrolled near the top, only if there are any', async () => {
    const wrapper = mountList(timeline({ from: 51, to: 70 }), { hasOlder: true });
    const layout = stubLayout(wrapper);
    await layout.scrollTo(1000);
    expect(wrapper.emitted('loadOlder')).toBeUndefined();

    await layout.scrollTo(40);
    expect(wrapper.emitted('loadOlder')).toHaveLength(1);

    await wrapper.setProps({ hasOlder: false });
    await layout.scrollTo(0);
    expect(wrapper.emitted('loadOlder')).toHaveLength(1);
  });
});
