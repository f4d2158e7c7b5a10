import { CloseCode } from '@parley/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { SESSION_ENDED_NOTICE } from '../auth/session';
import { createAuth } from '../composables/useAuth';
import { FakeAuthServer } from '../testing/fakeAuthServer';
import { FakeWebSocket } from '../testing/fakeWebSocket';
import ChatView from './ChatView.vue';

async function openChat(path: string, server = new FakeAuthServer()) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => h('p', 'rooms') } },
      { path: '/signin', component: { render: () => h('p', 'sign in') } },
      { path: '/signup', component: { render: () => h('p', 'sign up') } },
      { path: '/chat/:room', component: ChatView },
    ],
  });
  const auth = createAuth({ api: server });
  await auth.session.restore();
  await router.push(path);
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router, auth] } });
  await flushPromises();
  return { wrapper, router, auth, server };
}

beforeEach(() => {
  localStorage.clear();
  FakeWebSocket.reset();
  vi.stubGlobal('WebSocket', FakeWebSocket);
});

describe('ChatView', () => {
  it('explains an invalid room in the address and links home', async () => {
    const { wrapper } = await openChat('/chat/not%20a%20room');
    expect(wrapper.get('[role="alert"]').text()).toContain('not valid');
    expect(wrapper.text()).toContain('no spaces');
    expect(wrapper.get('a[href="/"]').text()).toBe('Back to the rooms');
  });

  it('asks a visitor who is not signed in to sign in, or continue as a guest with a display name', async () => {
    const { wrapper } = await openChat('/chat/general');
    expect(wrapper.find('[role="log"]').exists()).toBe(false);
    expect(wrapper.get('a[href="/signin?next=%2Fchat%2Fgeneral"]').text()).toBe('Sign in');
    expect(FakeWebSocket.instances).toHaveLength(0);

    await wrapper.get('button').trigger('click');
    expect(wrapper.text()).toContain('Choose a display name');
    await wrapper.get('input').setValue('Bea');
    await wrapper.get('form').trigger('submit');
    await flushPromises();

    expect(FakeWebSocket.latest().url).toMatch(/\/ws\/general\?username=Bea$/);
    expect(wrapper.get('.session__identity').text()).toBe('You are Bea guest');
  });

  it('takes a signed-in user straight in, by ticket, with no name to choose', async () => {
    const server = new FakeAuthServer();
    server.sessionActive = true;
    const { wrapper } = await openChat('/chat/general', server);

    expect(FakeWebSocket.latest().url).toMatch(/\/ws\/general\?ticket=ticket-1$/);
    expect(wrapper.get('.session__identity').text()).toBe('You are ali');
    expect(wrapper.text()).not.toContain('Change name');
  });

  it('sends a mixed-case room address to its lower-case form', async () => {
    const { router } = await openChat('/chat/General');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/chat/general');
  });

  it('tells a guest whose name a registered user holds (4004) to sign in, or to pick another name', async () => {
    localStorage.setItem('parley.displayName', 'Ali');
    const { wrapper } = await openChat('/chat/general');
    FakeWebSocket.latest().serverCloses(CloseCode.NameTaken, 'This name belongs to a registered user: sign in');
    await flushPromises();

    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('The name “Ali” belongs to a registered user.');
    expect(alert.get('a').attributes('href')).toBe('/signin?next=%2Fchat%2Fgeneral&username=ali');
    await alert.get('button').trigger('click');
    expect(wrapper.text()).toContain('Change your display name');
  });

  it('signs a user whose session ended (4401) out, with the notice, and asks again how to join', async () => {
    const server = new FakeAuthServer();
    server.sessionActive = true;
    const { wrapper, auth } = await openChat('/chat/general', server);
    FakeWebSocket.latest().serverOpens();
    FakeWebSocket.latest().serverCloses(CloseCode.Unauthorized, 'Signed out');
    await flushPromises();

    expect(auth.state.value).toEqual({ status: 'signedOut', notice: SESSION_ENDED_NOTICE });
    expect(wrapper.find('[role="log"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Continue as guest');
  });
});
