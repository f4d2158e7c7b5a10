import { ref } from 'vue';
import { describeModerationRefusal } from '../moderation/refusals';

/**
 * Moderation actions on the entries of one list, one at a time: which entry one is under way for, why the last one
 * was refused, and what the last one did, both in words.
 */
export function useModerationActions() {
  /** The key (a username, a report id) of the entry an action is under way for. */
  const acting = ref<string | null>(null);
  const actionError = ref<string | null>(null);
  /** What the last action did ("bob is banned from General"), when it says. */
  const notice = ref<string | null>(null);

  /**
   * Runs `action` on the entry `key` unless another is under way; `what` names it for a refusal ("ban bob"). The
   * action may answer with what it did, to show. True once the server took it.
   */
  async function act(key: string, what: string, action: () => Promise<string | void>): Promise<boolean> {
    if (acting.value !== null) return false;
    acting.value = key;
    actionError.value = null;
    notice.value = null;
    try {
      notice.value = (await action()) ?? null;
      return true;
    } catch (error) {
      actionError.value = describeModerationRefusal(error, what);
      return false;
    } finally {
      acting.value = null;
    }
  }

  function dismiss(): void {
    actionError.value = null;
    notice.value = null;
  }

  return { acting, actionError, notice, act, dismiss };
}
