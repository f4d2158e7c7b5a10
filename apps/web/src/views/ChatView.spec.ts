import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import ChatView from './ChatView.vue';

async function openChat(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => h('p', 'rooms') } },
      { path: '/chat/:room', component: ChatView },
    ],
  });
  await router.push(path);
  const wrapper = mount({ render: () => h(RouterView) }, { global: { plugins: [router] } });
  await flushPromises();
  return { wrapper, router };
}

beforeEach(() => localStorage.clear());

describe('ChatView', () => {
  it('explains an invalid room in the address and links home', async () => {
    const { wrapper } = await openChat('/chat/not%20a%20room');
    expect(wrapper.get('[role="alert"]').text()).toContain('not valid');
    expect(wrapper.text()).toContain('no spaces');
    expect(wrapper.get('a[href="/"]').text()).toBe('Back to the rooms');
  });

  it('asks for a display name before joining', async () => {
    const { wrapper } = await openChat('/chat/general');
    expect(wrapper.text()).toContain('Choose a display name');
    expect(wrapper.find('[role="log"]').exists()).toBe(false);
  });

  it('sends a mixed-case room address to its lower-case form', async () => {
    const { router } = await openChat('/chat/General');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/chat/general');
  });
});
