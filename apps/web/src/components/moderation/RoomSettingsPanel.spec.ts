import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, type EffectScope } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ApiError } from '../../api/rest';
import { apiPlugin } from '../../composables/useApi';
import { useRoomModeration } from '../../composables/useRoomModeration';
import { ban, member, mute, report, roomSummary } from '../../testing/factories';
import { FakeParleyApi } from '../../testing/fakeParleyApi';
import RoomSettingsPanel from './RoomSettingsPanel.vue';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);
let scope: EffectScope | undefined;

async function mountPanel(visibility: 'public' | 'private' = 'public') {
  const api = new FakeParleyApi();
  api.addRoom(roomSummary('general', { name: 'General', visibility }), [member('ali', 'owner'), member('bea')]);
  api.bans.set('general', [ban('dan', { until: new Date(NOW + 2 * 3_600_000).toISOString(), reason: 'spam' })]);
  api.mutes.set('general', [mute('bea', new Date(NOW + 10 * 60_000).toISOString())]);
  api.reports.push(report('r-1', 3), report('r-2', 4, { room: { slug: 'other', name: 'Other' } }));
  scope = effectScope();
  const moderation = scope.run(() => useRoomModeration('general', api))!;
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: {} }] });
  const wrapper = mount(RoomSettingsPanel, {
    props: { slug: 'general', moderation },
    global: { plugins: [router, apiPlugin(api)] },
  });
  await flushPromises();
  return { wrapper, api };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  scope?.stop();
  vi.useRealTimers();
});

describe('RoomSettingsPanel', () => {
  it('lists the bans and mutes with the time each has left, and lifts a mute', async () => {
    const { wrapper, api } = await mountPanel();
    expect(wrapper.get('.sanction[data-username="dan"]').text()).toContain('2 hours left');
    expect(wrapper.get('.sanction[data-username="dan"]').text()).toContain('“spam”');
    expect(wrapper.get('.sanction[data-username="bea"]').text()).toContain('10 minutes left');

    vi.advanceTimersByTime(5 * 60_000);
    await flushPromises();
    expect(wrapper.get('.sanction[data-username="bea"]').text()).toContain('5 minutes left');

    await wrapper.get('button[aria-label="Unmute bea"]').trigger('click');
    await flushPromises();
    expect(api.calls).toContain('unmute general bea');
    expect(wrapper.text()).toContain('Nobody is muted.');
  });

  it('turns guests off in a public room, and offers no such choice in a private one', async () => {
    const { wrapper, api } = await mountPanel();
    const checkbox = wrapper.get('input[type="checkbox"]');
    expect((checkbox.element as HTMLInputElement).checked).toBe(true);
    await checkbox.setValue(false);
    await flushPromises();
    expect(api.calls).toContain('changeRoomSettings general guests false');
    expect(api.rooms.get('general')?.guests).toBe(false);

    const closed = await mountPanel('private');
    expect(closed.wrapper.find('input[type="checkbox"]').exists()).toBe(false);
  });

  it('shows guests still let in when the server refused to keep them out, and says why', async () => {
    const { wrapper, api } = await mountPanel();
    api.refuseNext = new ApiError(403, 'Forbidden');
    const checkbox = wrapper.get('input[type="checkbox"]');
    await checkbox.setValue(false);
    await flushPromises();
    expect((checkbox.element as HTMLInputElement).checked).toBe(true);
    expect(wrapper.get('[role="alert"]').text()).toContain('Could not keep guests out: you are not allowed to.');
  });

  it("shows this room's open reports only, and resolves one", async () => {
    const { wrapper, api } = await mountPanel();
    expect(wrapper.findAll('[data-report]').map((item) => item.attributes('data-report'))).toEqual(['r-1']);
    await wrapper
      .get('[data-report="r-1"]')
      .findAll('button')
      .find((button) => button.text() === 'Resolve')!
      .trigger('click');
    await flushPromises();
    expect(api.calls).toContain('resolveRoomReport general r-1');
    expect(wrapper.get('[data-report="r-1"]').text()).toContain('Resolved by ali');
  });
});
