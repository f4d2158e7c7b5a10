import { flushPromises, mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import { ApiError } from '../api/rest';
import SearchBox from '../components/SearchBox.vue';
import { apiPlugin } from '../composables/useApi';
import { searchResult } from '../testing/factories';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import SearchView from './SearchView.vue';

async function openSearch(path: string, api = new FakeParleyApi()) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => h('p', 'home') } },
      { path: '/search', component: SearchView },
      { path: '/chat/:room', component: { render: () => h('p', 'chat') } },
    ],
  });
  await router.push(path);
  const wrapper = mount(
    { render: () => [h(SearchBox), h('main', { id: 'main', tabindex: -1 }, [h(RouterView)])] },
    { global: { plugins: [router, apiPlugin(api)] }, attachTo: document.body },
  );
  await flushPromises();
  return { wrapper, router, api };
}

describe('SearchView', () => {
  it('lists the results with their room, author, guest mark and matched words, each opening its room there', async () => {
    const api = new FakeParleyApi();
    api.searchAnswers.push({
      results: [
        searchResult(42, 'ops', { username: 'Bea', userId: null, content: 'Deployment done, deploy again?' }),
        searchResult(7, 'general', { username: 'ali', userId: 'u-ali', content: 'who can DEPLOY this' }),
      ],
      nextCursor: null,
      ignored: ['to'],
    });
    const { wrapper } = await openSearch('/search?q=deploy%20to', api);
    expect(api.calls).toEqual(['search deploy to']);
    const items = wrapper.findAll('.search-result');
    expect(items).toHaveLength(2);
    expect(items[0]!.attributes('href')).toBe('/chat/ops?at=42');
    expect(items[0]!.get('.search-result__room').text()).toBe('#Ops');
    expect(items[0]!.find('.guest-mark').exists()).toBe(true);
    expect(items[0]!.findAll('mark').map((mark) => mark.text())).toEqual(['Deployment', 'deploy']);
    expect(items[1]!.find('.guest-mark').exists()).toBe(false);
    expect(items[1]!.findAll('mark').map((mark) => mark.text())).toEqual(['DEPLOY']);
    expect(wrapper.text()).toContain('Not searched: “to”');
    expect(wrapper.find('input[type="search"]').element).toHaveProperty('value', 'deploy to');
  });

  it('loads more results after the last one, and says when nothing matches', async () => {
    const api = new FakeParleyApi();
    api.searchAnswers.push(
      { results: [searchResult(9)], nextCursor: 'next-1', ignored: [] },
      { results: [searchResult(3)], nextCursor: null, ignored: [] },
    );
    const { wrapper, router } = await openSearch('/search?q=deploy', api);
    await wrapper.get('button.button--quiet').trigger('click');
    await flushPromises();
    expect(api.calls).toEqual(['search deploy', 'search deploy after next-1']);
    expect(wrapper.findAll('.search-result')).toHaveLength(2);
    expect(wrapper.text()).not.toContain('Load more results');

    await router.push('/search?q=nothing');
    await flushPromises();
    expect(wrapper.findAll('.search-result')).toHaveLength(0);
    expect(wrapper.text()).toContain('No messages you can see match');
  });

  it("shows the server's reason for a refused query", async () => {
    const api = new FakeParleyApi();
    api.refuseNext = new ApiError(400, 'The date after before: is not a date (YYYY-MM-DD)');
    const { wrapper } = await openSearch('/search?q=before%3Ayesterday', api);
    expect(wrapper.get('[role="alert"]').text()).toBe('The date after before: is not a date (YYYY-MM-DD)');
  });
});

describe('SearchBox', () => {
  it('is focused by Ctrl+K or Cmd+K from anywhere, and Esc leaves it for the page', async () => {
    const { wrapper } = await openSearch('/');
    const field = wrapper.get('input[type="search"]').element as HTMLInputElement;
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true }));
    expect(document.activeElement).toBe(field);
    await wrapper.get('input').trigger('keydown', { key: 'Escape' });
    expect(document.activeElement).toBe(document.getElementById('main'));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'K', metaKey: true }));
    expect(document.activeElement).toBe(field);
    wrapper.unmount();
  });

  it('offers the operators while focused, adds the one chosen, and shows the results on Enter', async () => {
    const { wrapper, router, api } = await openSearch('/');
    const hints = wrapper.get('#search-hints');
    expect(hints.isVisible()).toBe(false);
    await wrapper.get('input').trigger('focusin');
    expect(hints.isVisible()).toBe(true);
    await wrapper.get('input').setValue('deploy');
    const fromHint = hints.findAll('button').find((button) => button.text().startsWith('from:'))!;
    await fromHint.trigger('click');
    await wrapper.get('input').setValue(`${(wrapper.get('input').element as HTMLInputElement).value}bea`);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/search?q=deploy+from:bea');
    expect(api.calls).toEqual(['search deploy from:bea']);
    wrapper.unmount();
  });
});
