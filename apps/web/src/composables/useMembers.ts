import {
  canAddMembers,
  canChangeRole,
  normalizeRegisteredUsername,
  type Member,
  type MemberRole,
  type RoomSummary,
  type User,
} from '@parley/contracts';
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import { describeError, HTTP_CONFLICT, HTTP_FORBIDDEN, HTTP_NOT_FOUND, type ParleyApi, statusOf } from '../api/rest';
import {
  canLeave,
  canOpenRoomSettings,
  canRemoveOther,
  canSanction,
  sortMembers,
  type RoomActor,
} from '../chat/memberPolicy';
import { inBackground } from '../background';

/** While the members show, they are asked for again this often, so that the online dots stay true. */
export const MEMBERS_REFRESH_MS = 15_000;

export type MembersApi = Pick<
  ParleyApi,
  'getRoom' | 'listMembers' | 'addMember' | 'removeMember' | 'changeRole' | 'openDm'
>;

export interface UseMembersOptions {
  api: MembersApi;
  /** The signed-in viewer; null for a guest, who may only look. */
  viewer: User | null;
  /** Moves on every join, leave, addition and removal in the room: the members are asked for again. */
  rosterChanges: () => number;
  /** Whether the members show: they are loaded (and refreshed every MEMBERS_REFRESH_MS) only then. */
  active: () => boolean;
}

/** One room's members, shared by the room's view (the viewer's role) and its members panel. */
export type RoomMembers = ReturnType<typeof useMembers>;

/**
 * One room's members as its members panel shows them: roles and online dots kept fresh while the panel is open,
 * what the viewer may do by the room's rules (moderation included), and the membership actions (add, remove, leave,
 * change a role, start a DM).
 */
export function useMembers(slug: string, options: UseMembersOptions) {
  const { api, viewer } = options;
  const room = shallowRef<RoomSummary | null>(null);
  const members = shallowRef<readonly Member[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  /** Why the last action was refused. */
  const actionError = ref<string | null>(null);
  const acting = ref(false);

  const sorted = computed(() => sortMembers(members.value));
  const viewerRole = computed<MemberRole | null>(
    () => (viewer && members.value.find((member) => member.userId === viewer.id)?.role) ?? null,
  );
  /** The viewer as the moderation rules see them; a guest is nobody there. */
  const actor = computed<RoomActor | null>(() =>
    viewer ? { role: viewerRole.value, serverAdmin: viewer.admin } : null,
  );
  const canAdd = computed(() => room.value !== null && canAddMembers(room.value, viewerRole.value));
  const mayLeave = computed(() => room.value !== null && canLeave(room.value, viewerRole.value));
  /** Whether the viewer manages the room's moderation: its settings panel. */
  const mayManage = computed(
    () => room.value !== null && actor.value !== null && canOpenRoomSettings(room.value, actor.value),
  );

  const isSelf = (member: Member) => viewer !== null && member.userId === viewer.id;
  const mayRemove = (member: Member) =>
    room.value !== null && actor.value !== null && canRemoveOther(room.value, actor.value, member, isSelf(member));
  const mayModerate = (member: Member) =>
    room.value !== null && actor.value !== null && canSanction(room.value, actor.value, member, isSelf(member));
  const mayChangeRole = (member: Member) =>
    room.value !== null && canChangeRole(room.value, viewerRole.value, isSelf(member));
  /** Any other registered member can be written to directly, except in the DM with them already. */
  const mayMessage = (member: Member) => viewer !== null && !isSelf(member) && room.value?.kind !== 'dm';

  let loading: Promise<void> | null = null;
  let loadAgain = false;
  let disposed = false;

  /** Asks for the members (and the room, once); a call while one is on its way asks once more after it. */
  function refresh(): Promise<void> {
    if (loading) {
      loadAgain = true;
      return loading;
    }
    loading = load().finally(() => {
      loading = null;
      if (loadAgain && !disposed) {
        loadAgain = false;
        inBackground(refresh(), 'Loading the members');
      }
    });
    return loading;
  }

  async function load(): Promise<void> {
    try {
      const [summary, list] = await Promise.all([room.value ?? api.getRoom(slug), api.listMembers(slug)]);
      if (disposed) return;
      room.value = summary;
      members.value = list;
      loadError.value = null;
    } catch (error) {
      if (!disposed) loadError.value = `The members could not be loaded: ${describeError(error)}`;
    } finally {
      if (!disposed) loaded.value = true;
    }
  }

  /** Runs one action; false with `actionError` saying why when the server refused it. */
  async function act(action: () => Promise<unknown>, describe: (error: unknown) => string): Promise<boolean> {
    if (acting.value) return false;
    acting.value = true;
    actionError.value = null;
    try {
      await action();
      return true;
    } catch (error) {
      actionError.value = describe(error);
      return false;
    } finally {
      acting.value = false;
    }
  }

  async function add(rawUsername: string): Promise<boolean> {
    const username = normalizeRegisteredUsername(rawUsername.trim());
    if (username === null) {
      actionError.value = `“${rawUsername.trim()}” is not a username.`;
      return false;
    }
    const added = await act(
      () => api.addMember(slug, username),
      (error) => {
        const status = statusOf(error);
        if (status === HTTP_NOT_FOUND) return `Nobody is called “${username}”.`;
        if (status === HTTP_CONFLICT) return `${username} is a member already.`;
        if (status === HTTP_FORBIDDEN) return 'Only the owner or an admin may add members to this room.';
        return `Could not add ${username}: ${describeError(error)}`;
      },
    );
    if (added) await refresh();
    return added;
  }

  async function remove(member: Member): Promise<boolean> {
    const removed = await act(
      () => api.removeMember(slug, member.username),
      (error) =>
        statusOf(error) === HTTP_FORBIDDEN
          ? `You may not remove ${member.username}.`
          : `Could not remove ${member.username}: ${describeError(error)}`,
    );
    if (removed) await refresh();
    return removed;
  }

  /** True once the viewer is no longer a member: whoever shows the room should leave it. */
  async function leave(): Promise<boolean> {
    if (!viewer) return false;
    return act(
      () => api.removeMember(slug, viewer.username),
      (error) =>
        statusOf(error) === HTTP_FORBIDDEN
          ? 'You cannot leave this room (an owner hands ownership over first).'
          : `Could not leave the room: ${describeError(error)}`,
    );
  }

  async function changeRole(member: Member, role: MemberRole): Promise<boolean> {
    if (member.role === role) return true;
    const changed = await act(
      () => api.changeRole(slug, member.username, role),
      (error) =>
        statusOf(error) === HTTP_FORBIDDEN
          ? 'Only the owner may change roles.'
          : `Could not change the role of ${member.username}: ${describeError(error)}`,
    );
    // Handing ownership over changes two roles: ask rather than guess.
    if (changed) await refresh();
    return changed;
  }

  /** The DM with this member, to open; null with `actionError` saying why when it could not be had. */
  async function openDm(member: Member): Promise<RoomSummary | null> {
    let dm: RoomSummary | null = null;
    await act(
      async () => (dm = await api.openDm(member.username)),
      (error) => `Could not start a conversation with ${member.username}: ${describeError(error)}`,
    );
    return dm;
  }

  function dismissActionError(): void {
    actionError.value = null;
  }

  let timer: ReturnType<typeof setInterval> | undefined;
  watch(
    options.active,
    (active) => {
      clearInterval(timer);
      timer = undefined;
      if (!active) return;
      inBackground(refresh(), 'Loading the members');
      timer = setInterval(() => inBackground(refresh(), 'Loading the members'), MEMBERS_REFRESH_MS);
    },
    { immediate: true },
  );
  watch(options.rosterChanges, () => {
    if (options.active()) inBackground(refresh(), 'Loading the members');
  });
  onScopeDispose(() => {
    disposed = true;
    clearInterval(timer);
  });

  return {
    room,
    members: sorted,
    loaded,
    loadError,
    actionError,
    acting,
    viewerRole,
    canAdd,
    mayLeave,
    mayManage,
    mayRemove,
    mayModerate,
    mayChangeRole,
    mayMessage,
    isSelf,
    refresh,
    add,
    remove,
    leave,
    changeRole,
    openDm,
    dismissActionError,
  };
}
