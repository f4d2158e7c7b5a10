import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/rest';
import { useCursorPages, type CursorPage } from './useCursorPages';

/** Pages asked for are answered only when the test says, in any order. */
function heldPages() {
  const asked: { after: string | undefined; answer: (page: CursorPage<string>) => void; fail: (e: Error) => void }[] =
    [];
  const fetchPage = (after: string | undefined) =>
    new Promise<CursorPage<string>>((answer, fail) => asked.push({ after, answer, fail }));
  return { asked, fetchPage };
}

describe('useCursorPages', () => {
  it('loads the first page, then the next one after the cursor, until there is none', async () => {
    const { asked, fetchPage } = heldPages();
    const pages = useCursorPages(fetchPage);
    const first = pages.reload();
    asked[0]!.answer({ items: ['a', 'b'], nextCursor: 'b' });
    await first;
    expect(pages.items.value).toEqual(['a', 'b']);
    expect(pages.hasMore.value).toBe(true);

    const second = pages.loadMore();
    expect(pages.loading.value).toBe(true);
    asked[1]!.answer({ items: ['c'], nextCursor: null });
    await second;
    expect(asked.map((ask) => ask.after)).toEqual([undefined, 'b']);
    expect(pages.items.value).toEqual(['a', 'b', 'c']);
    expect(pages.hasMore.value).toBe(false);

    await pages.loadMore();
    expect(asked).toHaveLength(2);
  });

  it('drops a page that arrives for a listing started over since', async () => {
    const { asked, fetchPage } = heldPages();
    const pages = useCursorPages(fetchPage);
    const stale = pages.reload();
    const fresh = pages.reload();
    asked[1]!.answer({ items: ['new'], nextCursor: null });
    asked[0]!.answer({ items: ['old'], nextCursor: 'old' });
    await Promise.all([stale, fresh]);
    expect(pages.items.value).toEqual(['new']);
    expect(pages.hasMore.value).toBe(false);
  });

  it('says why a page failed, and shows items changed in their place', async () => {
    const { asked, fetchPage } = heldPages();
    const pages = useCursorPages(fetchPage);
    const failing = pages.reload();
    asked[0]!.fail(new ApiError(500, 'Boom'));
    await failing;
    expect(pages.error.value).toBe('Boom');
    expect(pages.loading.value).toBe(false);

    const next = pages.reload();
    asked[1]!.answer({ items: ['a', 'b'], nextCursor: null });
    await next;
    pages.update((item) => (item === 'b' ? 'B' : item));
    await flushPromises();
    expect(pages.items.value).toEqual(['a', 'B']);
    expect(pages.error.value).toBeNull();
  });
});
