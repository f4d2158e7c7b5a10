import { ref, shallowRef } from 'vue';
import { describeError } from '../api/rest';

/** One page of a listing, and the cursor of the page after it (null on the last). */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A listing the server pages by cursor (the admin listings): the first page, then "load more". Starting over (a new
 * search, another filter) supersedes what was on its way: a page that arrives late for the old listing is dropped.
 */
export function useCursorPages<T>(fetchPage: (after: string | undefined) => Promise<CursorPage<T>>) {
  const items = shallowRef<readonly T[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** Whether the first page came (an empty list then means there is nothing). */
  const loaded = ref(false);
  const hasMore = ref(false);
  let nextCursor: string | null = null;
  let generation = 0;

  async function fetchAfter(cursor: string | undefined): Promise<void> {
    const asked = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(cursor);
      if (asked !== generation) return;
      items.value = cursor === undefined ? page.items : [...items.value, ...page.items];
      nextCursor = page.nextCursor;
      hasMore.value = page.nextCursor !== null;
      loaded.value = true;
    } catch (failure) {
      if (asked === generation) error.value = describeError(failure);
    } finally {
      if (asked === generation) loading.value = false;
    }
  }

  /** The listing from its first page. */
  async function reload(): Promise<void> {
    items.value = [];
    nextCursor = null;
    hasMore.value = false;
    loaded.value = false;
    await fetchAfter(undefined);
  }

  /** The page after those shown; nothing while a page is on its way or when there is none. */
  async function loadMore(): Promise<void> {
    if (loading.value || nextCursor === null) return;
    await fetchAfter(nextCursor);
  }

  /** Shows items as they are now (an action's answer) in their place. */
  function update(change: (item: T) => T): void {
    items.value = items.value.map(change);
  }

  return { items, loading, error, loaded, hasMore, reload, loadMore, update };
}
