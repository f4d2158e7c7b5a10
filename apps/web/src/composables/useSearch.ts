import type { SearchResult } from '@parley/contracts';
import { ref, shallowRef } from 'vue';
import { describeError, type ParleyApi } from '../api/rest';

/**
 * Message search: the results of one query, newest first, page by page. A new query supersedes the one before it:
 * an answer that arrives late for an older query is dropped.
 */
export function useSearch(searchApi: Pick<ParleyApi, 'search'>) {
  const query = ref('');
  const results = shallowRef<SearchResult[]>([]);
  /** Query words the server did not search (too short, or words its engine cannot search). */
  const ignored = shallowRef<string[]>([]);
  const loading = ref(false);
  const error = ref<string | null>(null);
  /** Whether the query was answered at least once (an empty list then means no results). */
  const answered = ref(false);
  let nextCursor: string | null = null;
  const hasMore = ref(false);
  let generation = 0;

  async function fetchPage(cursor: string | undefined): Promise<void> {
    const asked = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const page = await searchApi.search({ q: query.value, ...(cursor ? { cursor } : {}) });
      if (asked !== generation) return;
      results.value = cursor ? [...results.value, ...page.results] : page.results;
      ignored.value = page.ignored;
      nextCursor = page.nextCursor;
      hasMore.value = page.nextCursor !== null;
      answered.value = true;
    } catch (failure) {
      if (asked === generation) error.value = describeError(failure);
    } finally {
      if (asked === generation) loading.value = false;
    }
  }

  /** Searches for `text` from its newest results; a blank query clears the results. */
  async function run(text: string): Promise<void> {
    query.value = text.trim();
    results.value = [];
    ignored.value = [];
    nextCursor = null;
    hasMore.value = false;
    answered.value = false;
    if (query.value === '') {
      generation += 1;
      loading.value = false;
      error.value = null;
      return;
    }
    await fetchPage(undefined);
  }

  /** The next page of the current query's results, after those shown; nothing while a page is on its way. */
  async function loadMore(): Promise<void> {
    if (loading.value || nextCursor === null) return;
    await fetchPage(nextCursor);
  }

  return { query, results, ignored, loading, error, answered, hasMore, run, loadMore };
}
