import { ErrorCode, type User } from '@parley/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { effectScope, ref, type EffectScope } from 'vue';
import { ApiError } from '../api/rest';
import { useMembers } from '../composables/useMembers';
import { useRoomModeration } from '../composables/useRoomModeration';
import { member, roomSummary, user } from '../testing/factories';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import MembersPanel from './MembersPanel.vue';

let scope: EffectScope | undefined;
afterEach(() => scope?.stop());

async function mountPanel(viewer: User | null = user(), visibility: 'public' | 'private' = 'private') {
  const api = new FakeParleyApi();
  api.addRoom(roomSummary('team', { name: 'Team', visibility }), [
    member('ali', 'owner', true),
    member('bea', 'admin', false),
    member('cy', 'member', true),
  ]);
  // The members as the room's view owns them, loaded as while its panel shows.
  scope = effectScope();
  const rosterChanges = ref(0);
  const { panel, moderation } = scope.run(() => ({
    panel: useMembers('team', { api, viewer, rosterChanges: () => rosterChanges.value, active: () => true }),
    moderation: useRoomModeration('team', api),
  }))!;
  const wrapper = mount(MembersPanel, { props: { panel, moderation } });
  await flushPromises();
  return { wrapper, api, rosterChanges };
}

const rowOf = (wrapper: Awaited<ReturnType<typeof mountPanel>>['wrapper'], username: string) =>
  wrapper.get(`[data-username="${username}"]`);

describe('MembersPanel', () => {
  it('lists the members with their roles and whether each is online', async () => {
    const { wrapper } = await mountPanel();
    expect(wrapper.get('h2').text()).toBe('Members (3)');
    const bea = rowOf(wrapper, 'bea');
    expect(bea.get('.member__role').text()).toBe('admin');
    expect(bea.get('.member__dot').classes()).toContain('member__dot--offline');
    expect(bea.text()).toContain('offline');
    expect(rowOf(wrapper, 'cy').get('.member__dot').classes()).toContain('member__dot--online');
    expect(rowOf(wrapper, 'cy').find('.member__role').exists()).toBe(false);
    expect(rowOf(wrapper, 'ali').text()).toContain('(you)');
  });

  it('offers the owner: add by username, remove, change roles, message, but no leaving', async () => {
    const { wrapper, api } = await mountPanel();
    expect(rowOf(wrapper, 'ali').findAll('button')).toHaveLength(0);
    expect(rowOf(wrapper, 'cy').find('button[aria-label="Remove cy"]').exists()).toBe(true);
    expect(rowOf(wrapper, 'cy').find('select[aria-label="Role of cy"]').exists()).toBe(true);
    expect(wrapper.text()).not.toContain('Leave');

    await wrapper.get('.members__add input').setValue('dan');
    await wrapper.get('.members__add').trigger('submit');
    await flushPromises();
    expect(api.calls).toContain('addMember team dan');
    expect(rowOf(wrapper, 'dan').text()).toContain('dan');
    expect((wrapper.get('.members__add input').element as HTMLInputElement).value).toBe('');

    await rowOf(wrapper, 'cy').get('select').setValue('admin');
    await flushPromises();
    expect(api.calls).toContain('changeRole team cy admin');
    expect(rowOf(wrapper, 'cy').get('.member__role').text()).toBe('admin');
  });

  it('says why an addition was refused', async () => {
    const { wrapper } = await mountPanel();
    await wrapper.get('.members__add input').setValue('nobody');
    await wrapper.get('.members__add').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('Nobody is called “nobody”.');
  });

  it('offers a plain member only messaging others and leaving', async () => {
    const { wrapper, api } = await mountPanel(user({ id: 'user-cy', username: 'cy' }));
    expect(wrapper.find('.members__add').exists()).toBe(false);
    expect(wrapper.find('button[aria-label^="Remove"]').exists()).toBe(false);
    expect(wrapper.find('select').exists()).toBe(false);

    await wrapper.get('.members__leave').trigger('click');
    await flushPromises();
    expect(api.calls).toContain('removeMember team cy');
    expect(wrapper.emitted('leaving')).toEqual([[true]]);
    expect(wrapper.emitted('left')).toHaveLength(1);
  });

  it('starts a DM from a member’s name and asks to go there', async () => {
    const { wrapper, api } = await mountPanel();
    await rowOf(wrapper, 'bea').get('button[aria-label="Message bea"]').trigger('click');
    await flushPromises();
    expect(api.calls).toContain('openDm bea');
    expect(wrapper.emitted('openRoom')?.[0]?.[0]).toMatchObject({ slug: 'dm-ali-bea', kind: 'dm' });
  });

  it('shows a guest the members of a public room, with nothing to do', async () => {
    const { wrapper } = await mountPanel(null, 'public');
    expect(wrapper.findAll('.member')).toHaveLength(3);
    expect(wrapper.findAll('button')).toHaveLength(0);
    expect(wrapper.find('select').exists()).toBe(false);
  });

  describe('moderation', () => {
    it('offers the owner a ban and a mute of everyone else, a room admin of plain members only', async () => {
      const { wrapper } = await mountPanel();
      expect(rowOf(wrapper, 'bea').find('button[aria-label="Ban bea…"]').exists()).toBe(true);
      expect(rowOf(wrapper, 'cy').find('button[aria-label="Mute cy…"]').exists()).toBe(true);
      expect(rowOf(wrapper, 'ali').find('button[aria-label="Ban ali…"]').exists()).toBe(false);

      const asAdmin = await mountPanel(user({ id: 'user-bea', username: 'bea' }));
      expect(rowOf(asAdmin.wrapper, 'cy').find('button[aria-label="Ban cy…"]').exists()).toBe(true);
      expect(rowOf(asAdmin.wrapper, 'ali').find('button[aria-label="Ban ali…"]').exists()).toBe(false);
    });

    it('offers a server admin who is a plain member a ban and mute of anyone but the owner', async () => {
      const { wrapper } = await mountPanel(user({ id: 'user-cy', username: 'cy', admin: true }), 'public');
      expect(rowOf(wrapper, 'bea').find('button[aria-label="Ban bea…"]').exists()).toBe(true);
      expect(rowOf(wrapper, 'bea').find('button[aria-label="Mute bea…"]').exists()).toBe(true);
      expect(rowOf(wrapper, 'ali').find('button[aria-label="Ban ali…"]').exists()).toBe(false);
      expect(wrapper.find('button[aria-label="Ban cy…"]').exists()).toBe(false);
    });

    it('offers a plain member no ban or mute', async () => {
      const { wrapper } = await mountPanel(user({ id: 'user-cy', username: 'cy' }));
      expect(wrapper.find('button[aria-label^="Ban"]').exists()).toBe(false);
      expect(wrapper.find('button[aria-label^="Mute"]').exists()).toBe(false);
    });

    it('bans after asking, with the reason given, and the member leaves the list', async () => {
      const { wrapper, api } = await mountPanel();
      await rowOf(wrapper, 'cy').get('button[aria-label="Ban cy…"]').trigger('click');
      expect(api.calls).not.toContain('ban team cy spam');
      await rowOf(wrapper, 'cy').get('.ban-form input').setValue(' spam ');
      await rowOf(wrapper, 'cy').get('.ban-form').trigger('submit');
      await flushPromises();

      expect(api.calls).toContain('ban team cy spam');
      expect(api.bans.get('team')).toMatchObject([{ username: 'cy', reason: 'spam', until: null }]);
      expect(wrapper.find('[data-username="cy"]').exists()).toBe(false);
      expect(wrapper.get('[role="status"]').text()).toBe('cy is banned from this room.');
    });

    it('mutes for the length chosen', async () => {
      const { wrapper, api } = await mountPanel();
      await rowOf(wrapper, 'cy').get('button[aria-label="Mute cy…"]').trigger('click');
      const oneHour = rowOf(wrapper, 'cy')
        .findAll('.mute-choice button')
        .find((button) => button.text() === '1 hour')!;
      await oneHour.trigger('click');
      await flushPromises();

      expect(api.calls).toContain('mute team cy 60');
      expect(rowOf(wrapper, 'cy').find('.mute-choice').exists()).toBe(false);
      expect(wrapper.get('[role="status"]').text()).toBe('cy is muted.');
    });

    it('says in words why the server refused a ban', async () => {
      const { wrapper, api } = await mountPanel();
      api.refuseNext = new ApiError(409, 'owner', undefined, ErrorCode.OwnerProtected);
      await rowOf(wrapper, 'bea').get('button[aria-label="Ban bea…"]').trigger('click');
      await rowOf(wrapper, 'bea').get('.ban-form').trigger('submit');
      await flushPromises();
      expect(wrapper.get('[role="alert"]').text()).toContain(
        'Could not ban bea. The room’s owner cannot be banned or muted',
      );
      expect(rowOf(wrapper, 'bea').find('.ban-form').exists()).toBe(true);
    });
  });

  it('asks again when the room says someone came or went', async () => {
    const { wrapper, api, rosterChanges } = await mountPanel();
    api.members.get('team')!.push(member('dan', 'member', true));
    rosterChanges.value++;
    await flushPromises();
    expect(rowOf(wrapper, 'dan').text()).toContain('dan');
  });
});
