import type { AdminUser } from '@parley/contracts';
import { ref } from 'vue';
import type { ParleyApi } from '../../api/rest';
import { useCursorPages } from '../useCursorPages';
import { useModerationActions } from '../useModerationActions';

export type AdminUsersApi = Pick<ParleyApi, 'listUsers' | 'setServerAdmin' | 'deactivateUser' | 'reactivateUser'>;

/**
 * The server's accounts for its admins: searched by the start of a username, page by page, and what an admin changes
 * about one (server admin or not, deactivated or not), shown in its row once the server took it.
 */
export function useAdminUsers(api: AdminUsersApi) {
  /** The start of a username the listing keeps to; empty for everyone. */
  const prefix = ref('');
  const pages = useCursorPages<AdminUser>(async (after) => {
    const page = await api.listUsers({ q: prefix.value || undefined, after });
    return { items: page.users, nextCursor: page.nextCursor };
  });
  const actions = useModerationActions();

  /** Usernames are lower case: so is what they are searched by. */
  async function search(text: string): Promise<void> {
    prefix.value = text.trim().toLowerCase();
    await pages.reload();
  }

  function change(account: AdminUser, what: string, action: () => Promise<AdminUser>): Promise<boolean> {
    return actions.act(account.username, what, async () => {
      const changed = await action();
      pages.update((shown) => (shown.username === changed.username ? changed : shown));
    });
  }

  function setAdmin(account: AdminUser, admin: boolean): Promise<boolean> {
    const what = admin ? `make ${account.username} an admin` : `take admin away from ${account.username}`;
    return change(account, what, () => api.setServerAdmin(account.username, admin));
  }

  function deactivate(account: AdminUser): Promise<boolean> {
    return change(account, `deactivate ${account.username}`, async () => {
      await api.deactivateUser(account.username);
      return { ...account, deactivated: true };
    });
  }

  function reactivate(account: AdminUser): Promise<boolean> {
    return change(account, `reactivate ${account.username}`, async () => {
      await api.reactivateUser(account.username);
      return { ...account, deactivated: false };
    });
  }

  return {
    users: pages.items,
    loading: pages.loading,
    loadError: pages.error,
    loaded: pages.loaded,
    hasMore: pages.hasMore,
    loadMore: pages.loadMore,
    prefix,
    acting: actions.acting,
    actionError: actions.actionError,
    dismissActionError: actions.dismiss,
    search,
    setAdmin,
    deactivate,
    reactivate,
  };
}
