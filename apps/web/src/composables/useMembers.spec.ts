import type { User } from '@parley/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, ref } from 'vue';
import { ApiError } from '../api/rest';
import { member, roomSummary, user } from '../testing/factories';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import { MEMBERS_REFRESH_MS, useMembers } from './useMembers';

const ALI: User = user();

function setup(options: { viewer?: User | null; api?: FakeParleyApi } = {}) {
  const api = options.api ?? new FakeParleyApi();
  if (!api.rooms.has('team')) {
    api.addRoom(roomSummary('team', { name: 'Team', visibility: 'private' }), [
      member('ali', 'owner', true),
      member('bea', 'admin'),
      member('cy'),
    ]);
  }
  const rosterChanges = ref(0);
  const active = ref(true);
  const scope = effectScope();
  const members = scope.run(() =>
    useMembers('team', {
      api,
      viewer: options.viewer === undefined ? ALI : options.viewer,
      rosterChanges: () => rosterChanges.value,
      active: () => active.value,
    }),
  )!;
  return { members, api, rosterChanges, active, scope };
}

const namesOf = (members: ReturnType<typeof setup>['members']) => members.members.value.map((m) => m.username);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useMembers', () => {
  it('loads the room and its members, owner first, and knows the viewer’s role', async () => {
    const { members } = setup();
    await flushPromises();
    expect(members.room.value?.visibility).toBe('private');
    expect(namesOf(members)).toEqual(['ali', 'bea', 'cy']);
    expect(members.viewerRole.value).toBe('owner');
    expect(members.loaded.value).toBe(true);
  });

  it(`asks again every ${MEMBERS_REFRESH_MS / 1000} s while active, and not once inactive`, async () => {
    const { api, active } = setup();
    await flushPromises();
    const count = () => api.calls.filter((call) => call === 'listMembers team').length;
    expect(count()).toBe(1);
    vi.advanceTimersByTime(MEMBERS_REFRESH_MS);
    await flushPromises();
    expect(count()).toBe(2);

    active.value = false;
    await flushPromises();
    vi.advanceTimersByTime(3 * MEMBERS_REFRESH_MS);
    await flushPromises();
    expect(count()).toBe(2);
  });

  it('asks again when someone joins, leaves, is added or removed, and only once for a burst', async () => {
    const { api, rosterChanges, members } = setup();
    await flushPromises();
    api.members.get('team')!.push(member('dan', 'member', true));
    rosterChanges.value++;
    await flushPromises();
    rosterChanges.value++;
    rosterChanges.value++;
    await flushPromises();

    expect(namesOf(members)).toContain('dan');
    expect(api.calls.filter((call) => call === 'listMembers team').length).toBeLessThanOrEqual(4);
    // The room itself is asked for once.
    expect(api.calls.filter((call) => call === 'getRoom team')).toHaveLength(1);
  });

  it('does not stop the timer for good when a load fails, and says what failed', async () => {
    const api = new FakeParleyApi();
    api.refuseNext = new ApiError(0, 'Could not reach the server.');
    const { members } = setup({ api });
    await flushPromises();
    expect(members.loadError.value).toBe('The members could not be loaded: Could not reach the server.');
    vi.advanceTimersByTime(MEMBERS_REFRESH_MS);
    await flushPromises();
    expect(members.loadError.value).toBeNull();
  });

  describe('adding', () => {
    it('adds by username (in any case) and shows the new member', async () => {
      const { members, api } = setup();
      await flushPromises();
      expect(await members.add('  Dan ')).toBe(true);
      expect(api.calls).toContain('addMember team dan');
      expect(namesOf(members)).toContain('dan');
    });

    it.each([
      ['nobody', 'Nobody is called “nobody”.'],
      ['cy', 'cy is a member already.'],
    ])('explains why %s cannot be added', async (username, explanation) => {
      const { members } = setup();
      await flushPromises();
      expect(await members.add(username)).toBe(false);
      expect(members.actionError.value).toBe(explanation);
    });

    it('refuses a name that cannot be a username without asking', async () => {
      const { members, api } = setup();
      await flushPromises();
      expect(await members.add('not a name')).toBe(false);
      expect(api.calls.some((call) => call.startsWith('addMember'))).toBe(false);
      expect(members.actionError.value).toBe('“not a name” is not a username.');
    });

    it('is offered to the owner and admins of a private room only', async () => {
      const owner = setup();
      const admin = setup({ viewer: user({ id: 'user-bea', username: 'bea' }) });
      const plain = setup({ viewer: user({ id: 'user-cy', username: 'cy' }) });
      const guest = setup({ viewer: null });
      await flushPromises();
      expect([owner, admin, plain, guest].map(({ members }) => members.canAdd.value)).toEqual([
        true,
        true,
        false,
        false,
      ]);
    });
  });

  it('removes a member and shows the list without them', async () => {
    const { members, api } = setup();
    await flushPromises();
    const cy = members.members.value.find((m) => m.username === 'cy')!;
    expect(members.mayRemove(cy)).toBe(true);
    expect(await members.remove(cy)).toBe(true);
    expect(api.calls).toContain('removeMember team cy');
    expect(namesOf(members)).toEqual(['ali', 'bea']);
  });

  it('hands ownership over and shows both new roles', async () => {
    const { members } = setup();
    await flushPromises();
    const bea = members.members.value.find((m) => m.username === 'bea')!;
    expect(members.mayChangeRole(bea)).toBe(true);
    expect(await members.changeRole(bea, 'owner')).toBe(true);
    expect(members.members.value.map((m) => [m.username, m.role])).toEqual([
      ['bea', 'owner'],
      ['ali', 'admin'],
      ['cy', 'member'],
    ]);
    expect(members.viewerRole.value).toBe('admin');
  });

  it('lets a member leave, and says when the server refuses', async () => {
    const { members, api } = setup({ viewer: user({ id: 'user-cy', username: 'cy' }) });
    await flushPromises();
    expect(members.mayLeave.value).toBe(true);
    api.refuseNext = new ApiError(403, 'Not allowed');
    expect(await members.leave()).toBe(false);
    expect(members.actionError.value).toMatch(/cannot leave/);
    expect(await members.leave()).toBe(true);
    expect(api.calls).toContain('removeMember team cy');
  });

  it('opens the DM with another member, but offers none with oneself', async () => {
    const { members } = setup();
    await flushPromises();
    const [ali, bea] = members.members.value;
    expect(members.mayMessage(ali!)).toBe(false);
    expect(members.mayMessage(bea!)).toBe(true);
    expect(await members.openDm(bea!)).toMatchObject({ slug: 'dm-ali-bea', kind: 'dm', name: 'ali, bea' });
  });
});
