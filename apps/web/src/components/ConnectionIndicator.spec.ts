import { CloseCode } from '@parley/contracts';
import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import ConnectionIndicator from './ConnectionIndicator.vue';

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

describe('ConnectionIndicator', () => {
  it('announces the state in a live region', () => {
    const wrapper = mount(ConnectionIndicator, { props: { status: { state: 'connected' } } });
    const live = wrapper.get('[role="status"]');
    expect(live.attributes('aria-live')).toBe('polite');
    expect(live.text()).toBe('Connected');
  });

  it('counts down to the next reconnect attempt', async () => {
    const wrapper = mount(ConnectionIndicator, {
      props: { status: { state: 'reconnecting', attempt: 2, retryAt: 1_000_000 + 3000 } },
    });
    expect(wrapper.text()).toContain('Reconnecting');
    expect(wrapper.get('.connection__countdown').text()).toBe('in 3 s');

    vi.advanceTimersByTime(1000);
    await nextTick();
    expect(wrapper.get('.connection__countdown').text()).toBe('in 2 s');
  });

  it('shows why it gave up', () => {
    const wrapper = mount(ConnectionIndicator, {
      props: { status: { state: 'fatal', code: CloseCode.InvalidUsername, reason: 'Name taken' } },
    });
    expect(wrapper.get('[role="status"]').text()).toBe('Offline: Name taken');
    expect(wrapper.classes()).toContain('connection--fatal');
  });
});
