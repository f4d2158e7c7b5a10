import { CloseCode } from '@parley/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { ApiError } from '../api/rest';
import { apiPlugin } from '../composables/useApi';
import { createAuth } from '../composables/useAuth';
import { provideMyRooms, type MyRooms } from '../composables/useMyRooms';
import { ban, chatMessage, chatMessages, history, member, myRoom, receipt, roomSummary } from '../testing/factories';
import { formatUntil } from '../format/time';
import { FakeAuthServer } from '../testing/fakeAuthServer';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import ChatView from './ChatView.vue';

let visibility: DocumentVisibilityState = 'visible';

/** ChatView under a root that keeps the user's rooms, as App does, signed in as ali. */
async function openRoom(path: string, prepare: (api: FakeParleyApi) => void = () => {}) {
  const server = new FakeAuthServer();
  server.sessionActive = true;
  const auth = createAuth({ api: server });
  await auth.session.restore();
  const api = new FakeParleyApi();
  api.addRoom(roomSummary('general', { name: 'General' }), [member('ali', 'member', true), member('bea')]);
  prepare(api);
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => h('p', 'rooms') } },
      { path: '/chat/:room', name: 'chat', component: ChatView },
    ],
  });
  await router.push(path);
  let myRooms: MyRooms | null = null;
  const Root = defineComponent({
    setup() {
      const rooms = provideMyRooms(auth, api);
      return () => {
        myRooms = rooms.value;
        return h(RouterView);
      };
    },
  });
  const wrapper = mount(Root, { global: { plugins: [router, auth, apiPlugin(api)] } });
  await flushPromises();
  const stream = FakeWebSocket.instances.find((socket) => socket.url.includes('/ws/~me'))!;
  stream.serverOpens();
  await flushPromises();
  return { wrapper, router, api, stream, rooms: () => myRooms! };
}

const roomSocket = () => FakeWebSocket.instances.filter((socket) => !socket.url.includes('/ws/~me')).at(-1)!;
const sentEvents = (socket: FakeWebSocket, event: string) =>
  socket.sentFrames.filter((frame) => (frame as { event: string }).event === event);

function greet(socket: FakeWebSocket, readSeq = 0) {
  socket.serverOpens();
  socket.serverSends({ event: 'history', data: history(chatMessages(1, 3), false, { readSeq, receipts: [] }) });
}

beforeEach(() => {
  localStorage.clear();
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RoomSession', () => {
  it('marks the room read up to the newest message while the page is on screen', async () => {
    const { stream, rooms } = await openRoom('/chat/general');
    stream.serverSends({ event: 'my_room', data: myRoom('general', { lastSeq: 3, unread: 3 }) });
    greet(roomSocket());
    await flushPromises();

    expect(sentEvents(roomSocket(), 'read')).toEqual([{ event: 'read', data: { seq: 3 } }]);
    expect(rooms().bySlug.value.get('general')?.unread).toBe(0);
  });

  it('waits for the page to come back on screen before marking anything read', async () => {
    visibility = 'hidden';
    const { rooms, stream } = await openRoom('/chat/general');
    stream.serverSends({ event: 'my_room', data: myRoom('general', { lastSeq: 3, unread: 3 }) });
    greet(roomSocket());
    await flushPromises();
    expect(sentEvents(roomSocket(), 'read')).toEqual([]);
    expect(rooms().bySlug.value.get('general')?.unread).toBe(3);

    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    await flushPromises();
    expect(sentEvents(roomSocket(), 'read')).toEqual([{ event: 'read', data: { seq: 3 } }]);
  });

  it('says who is typing, and tells the room when the user types', async () => {
    const { wrapper } = await openRoom('/chat/general');
    const socket = roomSocket();
    greet(socket, 3);
    socket.serverSends({ event: 'typing', data: { users: ['bea', 'ali'] } });
    await flushPromises();
    expect(wrapper.get('.session__typing').text()).toBe('bea is typing…');

    await wrapper.get('textarea').setValue('hello');
    expect(sentEvents(socket, 'typing')).toEqual([{ event: 'typing', data: { typing: true } }]);
  });

  it("shows 'Seen by' under the last message each other member read", async () => {
    const { wrapper } = await openRoom('/chat/general');
    const socket = roomSocket();
    socket.serverOpens();
    socket.serverSends({
      event: 'history',
      data: history(chatMessages(1, 3), false, { readSeq: 3, receipts: [receipt('ali', 3), receipt('bea', 2)] }),
    });
    await flushPromises();
    const messages = wrapper.findAll('.message');
    expect(messages[1]?.get('.seen-by').text()).toBe('Seen by bea');
    expect(wrapper.findAll('.seen-by')).toHaveLength(1);
  });

  it('on 4403 says the user was removed, and takes the room out of the sidebar at once', async () => {
    const { wrapper, stream, rooms } = await openRoom('/chat/general');
    stream.serverSends({ event: 'my_room', data: myRoom('general') });
    greet(roomSocket(), 3);
    roomSocket().serverCloses(CloseCode.RemovedFromRoom, 'You are no longer a member of this room');
    await flushPromises();

    expect(wrapper.get('[role="alert"]').text()).toContain('You were removed from this room.');
    expect(rooms().bySlug.value.has('general')).toBe(false);
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).disabled).toBe(true);
  });

  it('on 4403 for a ban says the user was banned', async () => {
    const { wrapper } = await openRoom('/chat/general');
    greet(roomSocket(), 3);
    roomSocket().serverCloses(CloseCode.RemovedFromRoom, 'banned');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('You were banned from this room.');
  });

  describe('moderation', () => {
    const beas = (seq: number) => chatMessage(seq, { username: 'bea', userId: 'user-bea', content: 'buy pills' });

    it('reports a message of someone else with the reason given, then says the moderators will see it', async () => {
      const { wrapper, api } = await openRoom('/chat/general');
      roomSocket().serverOpens();
      roomSocket().serverSends({ event: 'history', data: history([beas(1)], false, { readSeq: 1, receipts: [] }) });
      await flushPromises();

      const report = wrapper.findAll('[data-seq="1"] .message-actions button').find((b) => b.text() === 'Report')!;
      await report.trigger('click');
      const dialog = wrapper.get('[role="dialog"]');
      expect(dialog.text()).toContain('bea: buy pills');
      await dialog.trigger('submit');
      expect(wrapper.get('[role="dialog"] .field-error').text()).toBe('Say what is wrong with this message.');
      expect(api.reported).toEqual([]);

      await wrapper.get('[role="dialog"] textarea').setValue('spam');
      await wrapper.get('[role="dialog"]').trigger('submit');
      await flushPromises();
      expect(api.reported).toEqual(['general id-1 spam']);
      expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
      expect(wrapper.get('.session__notice[role="status"]').text()).toContain(
        'Reported — the room’s moderators will see it.',
      );
    });

    it('disables the composer while muted, saying until when, and enables it when the mute is lifted', async () => {
      const { wrapper } = await openRoom('/chat/general');
      greet(roomSocket(), 3);
      const until = new Date(Date.now() + 3_600_000).toISOString();
      roomSocket().serverSends({ event: 'muted', data: { until } });
      await flushPromises();
      const textarea = wrapper.get('textarea').element as HTMLTextAreaElement;
      expect(wrapper.get('.composer__blocked').text()).toBe(
        `You are muted in this room until ${formatUntil(until, Date.now())}.`,
      );
      expect(textarea.disabled).toBe(true);

      roomSocket().serverSends({ event: 'muted', data: { until: null } });
      await flushPromises();
      expect(wrapper.find('.composer__blocked').exists()).toBe(false);
      expect(textarea.disabled).toBe(false);
    });

    it("offers the room's settings to its owner, not to a member", async () => {
      const asMember = await openRoom('/chat/general');
      expect(asMember.wrapper.text()).not.toContain('Room settings');
      asMember.wrapper.unmount();

      const { wrapper, api } = await openRoom('/chat/general', (fake) => {
        fake.members.set('general', [member('ali', 'owner', true), member('bea')]);
        fake.bans.set('general', [ban('dan', { reason: 'spam' })]);
      });
      greet(roomSocket(), 3);
      const settings = wrapper.findAll('button').find((button) => button.text() === 'Room settings')!;
      await settings.trigger('click');
      await flushPromises();

      expect(wrapper.get('.room-settings h2').text()).toBe('Room settings');
      expect(wrapper.get('.sanction[data-username="dan"]').text()).toContain('for good');
      await wrapper.get('button[aria-label="Unban dan"]').trigger('click');
      await flushPromises();
      expect(api.calls).toContain('unban general dan');
      expect(wrapper.get('.room-settings').text()).toContain('Nobody is banned.');
    });
  });

  it("titles a DM by the other person's name", async () => {
    const { wrapper, stream } = await openRoom('/chat/dm-1');
    stream.serverSends({
      event: 'my_room',
      data: myRoom('dm-1', { name: 'ali, bea', kind: 'dm', visibility: 'private' }),
    });
    await flushPromises();
    expect(wrapper.get('h1').text()).toBe('bea');
  });

  it('opens the members, and goes to the DM started from a member’s name', async () => {
    const { wrapper, router, rooms } = await openRoom('/chat/general');
    greet(roomSocket(), 3);
    await wrapper.get('button[aria-expanded="false"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('.presence').exists()).toBe(false);
    await wrapper.get('button[aria-label="Message bea"]').trigger('click');
    await flushPromises();

    expect(router.currentRoute.value.fullPath).toBe('/chat/dm-ali-bea');
    expect(rooms().bySlug.value.get('dm-ali-bea')).toMatchObject({ kind: 'dm' });
    expect(roomSocket().url).toMatch(/\/ws\/dm-ali-bea\?ticket=/);
  });

  describe('changing messages', () => {
    const alis = (seq: number, content = `mine ${seq}`) =>
      chatMessage(seq, { username: 'ali', userId: 'user-ali', content });

    function greetWith(socket: FakeWebSocket, messages: ReturnType<typeof chatMessages>) {
      socket.serverOpens();
      socket.serverSends({ event: 'history', data: history(messages, false, { readSeq: 0, receipts: [] }) });
    }

    it('edits the last own message on ↑, saves it on Enter, and sends the edit', async () => {
      const { wrapper } = await openRoom('/chat/general');
      const socket = roomSocket();
      greetWith(socket, [alis(1), alis(2), chatMessage(3)]);
      await flushPromises();

      const textarea = wrapper.get('textarea');
      await textarea.trigger('keydown', { key: 'ArrowUp' });
      await flushPromises();
      expect((textarea.element as HTMLTextAreaElement).value).toBe('mine 2');
      expect(wrapper.get('.composer__mode').text()).toContain('Editing — Esc to cancel');

      await textarea.setValue('mine, edited');
      await textarea.trigger('keydown', { key: 'Enter' });
      await flushPromises();
      expect(sentEvents(socket, 'edit')).toEqual([
        { event: 'edit', data: { id: 'id-2', content: 'mine, edited', clientId: expect.any(String) } },
      ]);
      expect(wrapper.find('.composer__mode').exists()).toBe(false);
      expect((textarea.element as HTMLTextAreaElement).value).toBe('');
    });

    it('replies to a message: the composer names it, and the message carries its id', async () => {
      const { wrapper } = await openRoom('/chat/general');
      const socket = roomSocket();
      greetWith(socket, [chatMessage(1, { username: 'bea', userId: 'user-bea', content: 'lunch?' })]);
      await flushPromises();

      await wrapper.get('[data-seq="1"] .message-actions button').trigger('click');
      expect(wrapper.get('.composer__mode').text()).toContain('Replying to bea: lunch?');
      await wrapper.get('textarea').setValue('yes');
      await wrapper.get('textarea').trigger('keydown', { key: 'Enter' });
      await flushPromises();

      expect(sentEvents(socket, 'message')).toEqual([
        { event: 'message', data: { content: 'yes', clientId: expect.any(String), replyTo: 'id-1' } },
      ]);
      expect(wrapper.find('.composer__mode').exists()).toBe(false);
    });

    it("lets the room's owner delete someone else's message", async () => {
      const { wrapper, api } = await openRoom('/chat/general');
      api.members.set('general', [member('ali', 'owner', true), member('bea')]);
      await wrapper.get('button[aria-expanded="false"]').trigger('click');
      await flushPromises();
      await wrapper.get('button[aria-expanded="true"]').trigger('click');
      const socket = roomSocket();
      greetWith(socket, [chatMessage(1, { username: 'bea', userId: 'user-bea' })]);
      await flushPromises();

      const actions = wrapper.findAll('[data-seq="1"] .message-actions button');
      expect(actions.map((button) => button.text())).toEqual(['Reply', 'React', 'Delete', 'Report']);
      await actions[2]!.trigger('click');
      await wrapper.get('.message-row__confirm .button--danger').trigger('click');
      expect(sentEvents(socket, 'delete')).toEqual([
        { event: 'delete', data: { id: 'id-1', clientId: expect.any(String) } },
      ]);
    });

    it('shares one list of members with the panel: a role seen there counts in the room at once, the room is not asked for again', async () => {
      const { wrapper, api } = await openRoom('/chat/general');
      greetWith(roomSocket(), [chatMessage(1, { username: 'bea', userId: 'user-bea' })]);
      await flushPromises();
      const buttons = () => wrapper.findAll('[data-seq="1"] .message-actions button').map((button) => button.text());
      expect(buttons()).toEqual(['Reply', 'React', 'Report']);
      const roomReads = () => api.calls.filter((call) => call === 'getRoom general').length;
      const readsBefore = roomReads();

      api.members.set('general', [member('ali', 'owner', true), member('bea')]);
      await wrapper.get('button[aria-expanded="false"]').trigger('click');
      await flushPromises();
      expect(wrapper.get('[data-username="ali"]').get('.member__role').text()).toBe('owner');
      expect(buttons()).toEqual(['Reply', 'React', 'Delete', 'Report']);
      expect(roomReads()).toBe(readsBefore);
    });

    it('forgets why a member action failed once the panel closes', async () => {
      const { wrapper, api } = await openRoom('/chat/general');
      greet(roomSocket());
      await wrapper.get('button[aria-expanded="false"]').trigger('click');
      await flushPromises();
      api.refuseNext = new ApiError(503, 'Service unavailable');
      await wrapper.get('button[aria-label="Message bea"]').trigger('click');
      await flushPromises();
      expect(wrapper.get('.members [role="alert"]').text()).toContain('Could not start a conversation with bea');

      await wrapper.get('button[aria-expanded="true"]').trigger('click');
      await wrapper.get('button[aria-expanded="false"]').trigger('click');
      await flushPromises();
      expect(wrapper.get('[data-username="bea"]').text()).toContain('bea');
      expect(wrapper.find('.members [role="alert"]').exists()).toBe(false);
    });

    it("offers a member no delete of someone else's message", async () => {
      const { wrapper } = await openRoom('/chat/general');
      greetWith(roomSocket(), [chatMessage(1, { username: 'bea', userId: 'user-bea' })]);
      await flushPromises();
      const actions = wrapper.findAll('[data-seq="1"] .message-actions button').map((button) => button.text());
      expect(actions).toEqual(['Reply', 'React', 'Report']);
    });
  });
});
