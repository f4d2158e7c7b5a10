import { ErrorCode } from '@parley/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/rest';
import { ban, member, mute, roomSummary } from '../testing/factories';
import { FakeParleyApi } from '../testing/fakeParleyApi';
import { useRoomModeration } from './useRoomModeration';

const NOW = Date.UTC(2025, 0, 1, 12, 0, 0);

function setup() {
  const api = new FakeParleyApi();
  api.addRoom(roomSummary('general', { name: 'General' }), [member('ali', 'owner'), member('bea'), member('cy')]);
  return { api, moderation: useRoomModeration('general', api) };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useRoomModeration', () => {
  it('loads the room, its bans and its mutes', async () => {
    const { api, moderation } = setup();
    api.bans.set('general', [ban('dan')]);
    api.mutes.set('general', [mute('cy', '2025-01-01T13:00:00.000Z')]);
    await moderation.load();
    expect(moderation.room.value?.guests).toBe(true);
    expect(moderation.bans.value.map((entry) => entry.username)).toEqual(['dan']);
    expect(moderation.mutes.value.map((entry) => entry.username)).toEqual(['cy']);
  });

  it('bans for the length chosen, and the lists follow once shown', async () => {
    const { api, moderation } = setup();
    await moderation.load();
    expect(await moderation.ban('bea', { reason: '', minutes: 60 })).toBe(true);
    expect(api.calls).toContain('ban general bea');
    expect(moderation.bans.value).toMatchObject([{ username: 'bea', until: '2025-01-01T13:00:00.000Z' }]);
    expect(moderation.notice.value).toBe('bea is banned from this room.');

    await moderation.unban('bea');
    expect(api.calls.slice(-4)).toEqual([
      'unban general bea',
      'getRoom general',
      'listBans general',
      'listMutes general',
    ]);
    expect(moderation.bans.value).toEqual([]);
  });

  it('mutes and unmutes, asking for no list the panel does not show', async () => {
    const { api, moderation } = setup();
    await moderation.mute('cy', 10);
    expect(api.mutes.get('general')).toMatchObject([{ username: 'cy', until: '2025-01-01T12:10:00.000Z' }]);
    await moderation.unmute('cy');
    expect(api.calls).toEqual(['mute general cy 10', 'unmute general cy']);
    expect(moderation.notice.value).toBe('cy may write again.');
  });

  it('turns guests off, and shows the room as the server answered', async () => {
    const { api, moderation } = setup();
    await moderation.load();
    await moderation.setGuests(false);
    expect(api.calls).toContain('changeRoomSettings general guests false');
    expect(moderation.room.value?.guests).toBe(false);
  });

  it('says in words why the server refused, and changes nothing shown', async () => {
    const { api, moderation } = setup();
    await moderation.load();
    api.refuseNext = new ApiError(409, 'You cannot mute yourself', undefined, ErrorCode.Self);
    expect(await moderation.mute('ali', 10)).toBe(false);
    expect(moderation.actionError.value).toBe('Could not mute ali. You cannot do that to yourself.');
    expect(moderation.mutes.value).toEqual([]);
  });
});
