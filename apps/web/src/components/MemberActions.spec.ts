import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { effectScope, type EffectScope } from 'vue';
import { ApiError } from '../api/rest';
import { useMembers } from '../composables/useMembers';
import { useRoomModeration } from '../composables/useRoomModeration';
import type { Sanction } from '../moderation/choices';
import { member, roomSummary, user } from '../testing/factories';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import MemberActions from './MemberActions.vue';

let scope: EffectScope | undefined;
afterEach(() => scope?.stop());

/** The actions the owner ali has on cy, a plain member, with `choosing` open. */
async function mountActions(choosing: Sanction | null = null) {
  const api = new FakeParleyApi();
  const cy = member('cy', 'member', true);
  api.addRoom(roomSummary('team'), [member('ali', 'owner', true), cy]);
  scope = effectScope();
  const { panel, moderation } = scope.run(() => ({
    panel: useMembers('team', { api, viewer: user(), rosterChanges: () => 0, active: () => true }),
    moderation: useRoomModeration('team', api),
  }))!;
  await flushPromises();
  const wrapper = mount(MemberActions, { props: { member: cy, panel, moderation, choosing } });
  return { wrapper, api };
}

describe('MemberActions', () => {
  it('opens a sanction, closes it when asked again, and switches to the other', async () => {
    const { wrapper } = await mountActions('mute');
    expect(wrapper.find('.mute-choice').exists()).toBe(true);
    await wrapper.get('button[aria-label="Mute cy…"]').trigger('click');
    await wrapper.get('button[aria-label="Ban cy…"]').trigger('click');
    expect(wrapper.emitted('choose')).toEqual([[null], ['ban']]);
  });

  it('shows the role the member still has when a change is refused', async () => {
    const { wrapper, api } = await mountActions();
    api.refuseNext = new ApiError(503, 'Service unavailable');
    const select = wrapper.get('select[aria-label="Role of cy"]');
    await select.setValue('admin');
    await flushPromises();
    expect(api.calls).toContain('changeRole team cy admin');
    expect((select.element as HTMLSelectElement).value).toBe('member');
  });
});
