import type { SearchPage, SearchRequest } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/rest';
import { searchResult } from '../testing/factories';
import { useSearch } from './useSearch';

/** A search endpoint answering each request when the test says so, in any order. */
class PendingSearches {
  readonly requests: SearchRequest[] = [];
  private readonly pending: { resolve: (page: SearchPage) => void; reject: (error: Error) => void }[] = [];

  search = (request: SearchRequest): Promise<SearchPage> => {
    this.requests.push(request);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  };

  async answer(index: number, page: Partial<SearchPage>): Promise<void> {
    this.pending[index]!.resolve({ results: [], nextCursor: null, ignored: [], ...page });
    await Promise.resolve();
    await Promise.resolve();
  }

  async fail(index: number, error: Error): Promise<void> {
    this.pending[index]!.reject(error);
    await Promise.resolve();
    await Promise.resolve();
  }
}

describe('useSearch', () => {
  it('shows the first page, then the next one after it, until there is no more', async () => {
    const server = new PendingSearches();
    const search = useSearch(server);
    const first = search.run('  deploy  ');
    expect(search.loading.value).toBe(true);
    await server.answer(0, { results: [searchResult(9), searchResult(8)], nextCursor: 'c1', ignored: ['to'] });
    await first;
    expect(server.requests[0]).toEqual({ q: 'deploy' });
    expect(search.results.value.map((result) => result.message.seq)).toEqual([9, 8]);
    expect(search.ignored.value).toEqual(['to']);
    expect(search.hasMore.value).toBe(true);

    const more = search.loadMore();
    await search.loadMore();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]).toEqual({ q: 'deploy', cursor: 'c1' });
    await server.answer(1, { results: [searchResult(3)], nextCursor: null });
    await more;
    expect(search.results.value.map((result) => result.message.seq)).toEqual([9, 8, 3]);
    expect(search.hasMore.value).toBe(false);
    expect(search.loading.value).toBe(false);
  });

  it('drops a late answer to a query that a newer one replaced', async () => {
    const server = new PendingSearches();
    const search = useSearch(server);
    const older = search.run('deploy');
    const newer = search.run('rollback');
    await server.answer(1, { results: [searchResult(5)] });
    await server.answer(0, { results: [searchResult(7), searchResult(6)], nextCursor: 'stale' });
    await Promise.all([older, newer]);
    expect(search.query.value).toBe('rollback');
    expect(search.results.value.map((result) => result.message.seq)).toEqual([5]);
    expect(search.hasMore.value).toBe(false);
    expect(search.loading.value).toBe(false);
  });

  it("says why a query failed (the server's words) and keeps no stale results", async () => {
    const server = new PendingSearches();
    const search = useSearch(server);
    const first = search.run('deploy');
    await server.answer(0, { results: [searchResult(5)] });
    await first;
    const second = search.run('before:2026-13-01');
    await server.fail(1, new ApiError(400, 'The date after before: is not a date (YYYY-MM-DD)'));
    await second;
    expect(search.error.value).toBe('The date after before: is not a date (YYYY-MM-DD)');
    expect(search.results.value).toEqual([]);
    expect(search.answered.value).toBe(false);
  });

  it('clears everything on a blank query without asking the server', async () => {
    const server = new PendingSearches();
    const search = useSearch(server);
    const first = search.run('deploy');
    await search.run('   ');
    await server.answer(0, { results: [searchResult(5)] });
    await first;
    expect(server.requests).toHaveLength(1);
    expect(search.results.value).toEqual([]);
    expect(search.loading.value).toBe(false);
  });
});
