import { describe, expect, it } from 'vitest';
import { parseSearchQuery, searchWords, type ParsedSearch } from './search-query.js';

function parsed(raw: string): ParsedSearch {
  const outcome = parseSearchQuery(raw);
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  return outcome.query;
}

const refusal = (raw: string) => {
  const outcome = parseSearchQuery(raw);
  return outcome.ok ? null : outcome.reason;
};

describe('parseSearchQuery', () => {
  it('reads words split on whitespace and punctuation, lower-case, each once', () => {
    expect(parsed('Deploy, the SERVER! deploy')).toMatchObject({ words: ['deploy', 'the', 'server'], ignored: [] });
  });

  it('ignores words shorter than three characters and says so', () => {
    expect(parsed('go to the store')).toMatchObject({ words: ['the', 'store'], ignored: ['go', 'to'] });
  });

  it('reads a quoted phrase as its words in order; a one-word phrase is a word', () => {
    expect(parsed('"Deploy failed" again "server"')).toMatchObject({
      words: ['again', 'server'],
      phrases: [['deploy', 'failed']],
    });
    expect(parsed('"out of memory"')).toMatchObject({ phrases: [['out', 'of', 'memory']], ignored: [] });
    expect(parsed('"to be" deploy')).toMatchObject({ phrases: [], words: ['deploy'], ignored: ['to', 'be'] });
  });

  it('reads the four operators, alone or with words, a quoted name too', () => {
    expect(parsed('from:Ali in:General')).toMatchObject({ from: 'ali', in: 'general', words: [] });
    expect(parsed('from:"Ann Lee" report')).toMatchObject({ from: 'ann lee', words: ['report'] });
    expect(parsed('before:2026-03-01 after:2026-02-01')).toMatchObject({
      before: Date.UTC(2026, 2, 1),
      after: Date.UTC(2026, 1, 2),
    });
  });

  it('searches anything else with a colon as words', () => {
    expect(parsed('foo:bar')).toMatchObject({ words: ['foo', 'bar'] });
    expect(parsed('https://example.com/path')).toMatchObject({ words: ['https', 'example', 'com', 'path'] });
  });

  it('takes an in: that names no possible room as one that finds nothing', () => {
    expect(parsed('in:no/such word')).toMatchObject({ in: null, words: ['word'] });
  });

  it.each([
    ['an empty query', ''],
    ['blanks', '   '],
    ['only ignored words', 'a to be'],
    ['punctuation', '?!'],
    ['a malformed date', 'before:yesterday deploy'],
    ['a day that does not exist', 'after:2026-02-30'],
    ['an empty from:', 'from: deploy'],
    ['over 200 characters', 'x'.repeat(201)],
  ])('refuses %s', (_what, raw) => {
    expect(refusal(raw)).toEqual(expect.any(String));
  });
});

describe('searchWords', () => {
  it('keeps letters and digits of every script, and marks, together', () => {
    expect(searchWords('Café-crème 42 日本語')).toEqual(['café', 'crème', '42', '日本語']);
  });
});
