import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { apiPlugin } from '../composables/useApi';
import { useMyRooms } from '../composables/useMyRooms';
import { myRoom, roomSummary, user } from '../testing/factories';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import RoomsSidebar from './RoomsSidebar.vue';

const ALI = user();

async function mountSidebar(path = '/') {
  const api = new FakeParleyApi();
  api.publicRooms = [roomSummary('general', { name: 'General' }), roomSummary('lobby', { name: 'Lobby' })];
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => h('p', 'home') } },
      { path: '/chat/:room', name: 'chat', component: { render: () => h('p', 'chat') } },
    ],
  });
  await router.push(path);
  const Host = defineComponent({
    setup() {
      const rooms = useMyRooms({
        user: ALI,
        session: { socketTicket: async () => 'ticket-1', endSession: () => {} },
        api,
        WebSocket: FakeWebSocket,
        socketOrigin: 'ws://chat.test',
      });
      return () => [h(RoomsSidebar, { myRooms: rooms, viewer: ALI }), h(RouterView)];
    },
  });
  const wrapper = mount(Host, { global: { plugins: [router, apiPlugin(api)] } });
  await flushPromises();
  const stream = FakeWebSocket.latest();
  stream.serverOpens();
  await flushPromises();
  return { wrapper, api, router, stream };
}

beforeEach(() => {
  FakeWebSocket.reset();
});

describe('RoomsSidebar', () => {
  it('lists the rooms and DMs apart, a DM by the other person, with unread and mention badges that update live', async () => {
    const { wrapper, stream } = await mountSidebar('/chat/general');
    stream.serverSends({ event: 'my_room', data: myRoom('general', { name: 'General', unread: 2, mentions: 1 }) });
    stream.serverSends({ event: 'my_room', data: myRoom('dm-1', { name: 'ali, bea', kind: 'dm', unread: 1 }) });
    await flushPromises();

    const [rooms, dms] = wrapper.findAll('.my-rooms');
    const general = rooms!.get('a[data-slug="general"]');
    expect(general.text()).toContain('General');
    expect(general.attributes('aria-current')).toBe('page');
    expect(general.get('.badge:not(.badge--mention)').attributes('aria-label')).toBe('2 unread messages');
    expect(general.get('.badge--mention').text()).toBe('@1');
    const dm = dms!.get('a[data-slug="dm-1"]');
    expect(dm.text()).toMatch(/^bea\s*1$/);
    expect(dm.attributes('href')).toBe('/chat/dm-1');

    stream.serverSends({ event: 'my_room', data: myRoom('dm-1', { name: 'ali, bea', kind: 'dm', unread: 0 }) });
    await flushPromises();
    expect(wrapper.get('a[data-slug="dm-1"]').find('.badge').exists()).toBe(false);
  });

  it('suggests the public rooms the user is not in yet', async () => {
    const { wrapper, stream } = await mountSidebar();
    stream.serverSends({ event: 'my_room', data: myRoom('general', { name: 'General' }) });
    await flushPromises();
    expect(wrapper.findAll('.sidebar__browse a').map((link) => link.text())).toEqual(['Lobby']);
  });

  it('takes a room the user was removed from out at once, with a notice', async () => {
    const { wrapper, stream } = await mountSidebar();
    stream.serverSends({ event: 'my_room', data: myRoom('team', { name: 'Team', visibility: 'private' }) });
    await flushPromises();
    expect(wrapper.find('a[data-slug="team"]').text()).toContain('Private room:');
    stream.serverSends({ event: 'my_room_removed', data: { slug: 'team', by: 'bea' } });
    await flushPromises();

    expect(wrapper.find('a[data-slug="team"]').exists()).toBe(false);
    const notice = wrapper.get('.sidebar__removal');
    expect(notice.text()).toContain('You were removed from “Team” by bea.');
    await notice.get('button').trigger('click');
    expect(wrapper.find('.sidebar__removal').exists()).toBe(false);
  });

  it('creates a private room by name, lists it, and goes there', async () => {
    const { wrapper, api, router } = await mountSidebar();
    const form = wrapper.findAll('form')[0]!;
    await form.get('input').setValue('  Book club ');
    await form.trigger('submit');
    await flushPromises();

    expect(api.calls).toContain('createRoom private Book club');
    expect(router.currentRoute.value.fullPath).toBe('/chat/private1');
    expect(wrapper.get('a[data-slug="private1"]').text()).toContain('Book club');
  });

  it('starts a DM by username and goes there, and says so when nobody has that name', async () => {
    const { wrapper, api, router } = await mountSidebar();
    const form = wrapper.findAll('form')[1]!;
    await form.get('input').setValue('nobody');
    await form.trigger('submit');
    await flushPromises();
    expect(form.get('[role="alert"]').text()).toBe('Nobody is called “nobody”.');

    await form.get('input').setValue('Bea');
    await form.trigger('submit');
    await flushPromises();
    expect(api.calls).toContain('openDm bea');
    expect(router.currentRoute.value.fullPath).toBe('/chat/dm-ali-bea');
    expect(wrapper.get('a[data-slug="dm-ali-bea"]').text()).toContain('bea');
  });

  it('checks the forms before asking the server', async () => {
    const { wrapper, api } = await mountSidebar();
    const [privateForm, dmForm] = wrapper.findAll('form');
    await privateForm!.trigger('submit');
    await dmForm!.get('input').setValue('ali');
    await dmForm!.trigger('submit');
    expect(privateForm!.get('[role="alert"]').text()).toBe('Enter a name for the room.');
    expect(dmForm!.get('[role="alert"]').text()).toBe('That is you: pick someone else.');
    expect(api.calls.filter((call) => call !== 'listRooms' && call !== 'myRooms')).toEqual([]);
  });
});
