import type { Ban, Mute, RoomSummary } from '@parley/contracts';
import { ref, shallowRef } from 'vue';
import { describeError, type ParleyApi } from '../api/rest';
import { banRequest, type BanChoice } from '../moderation/choices';
import { useModerationActions } from './useModerationActions';

export type RoomModerationApi = Pick<
  ParleyApi,
  'getRoom' | 'ban' | 'listBans' | 'unban' | 'mute' | 'listMutes' | 'unmute' | 'changeRoomSettings'
>;

/**
 * One room's moderation for its owner, admins and the server's admins: who is banned or muted and until when, whether
 * guests may come in, and the actions that change them. The lists are loaded when asked for (the settings panel),
 * and asked for again after each change once loaded.
 */
export function useRoomModeration(slug: string, api: RoomModerationApi) {
  const room = shallowRef<RoomSummary | null>(null);
  const bans = shallowRef<readonly Ban[]>([]);
  const mutes = shallowRef<readonly Mute[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  const actions = useModerationActions();

  async function load(): Promise<void> {
    try {
      [room.value, bans.value, mutes.value] = await Promise.all([
        api.getRoom(slug),
        api.listBans(slug),
        api.listMutes(slug),
      ]);
      loadError.value = null;
      loaded.value = true;
    } catch (error) {
      loadError.value = `The room’s moderation could not be loaded: ${describeError(error)}`;
    }
  }

  /** Runs one change; the lists shown follow it. */
  async function change(username: string, what: string, action: () => Promise<string>): Promise<boolean> {
    const done = await actions.act(username, what, action);
    if (done && loaded.value) await load();
    return done;
  }

  function ban(username: string, choice: BanChoice): Promise<boolean> {
    return change(username, `ban ${username}`, async () => {
      await api.ban(slug, banRequest(username, choice));
      return `${username} is banned from this room.`;
    });
  }

  function unban(username: string): Promise<boolean> {
    return change(username, `lift the ban on ${username}`, async () => {
      await api.unban(slug, username);
      return `${username} may come back.`;
    });
  }

  function mute(username: string, minutes: number): Promise<boolean> {
    return change(username, `mute ${username}`, async () => {
      await api.mute(slug, { username, minutes });
      return `${username} is muted.`;
    });
  }

  function unmute(username: string): Promise<boolean> {
    return change(username, `lift the mute on ${username}`, async () => {
      await api.unmute(slug, username);
      return `${username} may write again.`;
    });
  }

  function setGuests(guests: boolean): Promise<boolean> {
    return actions.act('guests', guests ? 'let guests in' : 'keep guests out', async () => {
      room.value = await api.changeRoomSettings(slug, { guests });
      return guests ? 'Guests may come in.' : 'Guests may no longer come in.';
    });
  }

  return {
    room,
    bans,
    mutes,
    loaded,
    loadError,
    acting: actions.acting,
    actionError: actions.actionError,
    notice: actions.notice,
    dismissNotice: actions.dismiss,
    load,
    ban,
    unban,
    mute,
    unmute,
    setGuests,
  };
}

export type RoomModeration = ReturnType<typeof useRoomModeration>;
