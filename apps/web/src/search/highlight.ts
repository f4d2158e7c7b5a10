import { parseSearchQuery } from '@parley/contracts';

/** A run of a message's text, marked when it is a word the query matched. */
export interface TextSegment {
  text: string;
  match: boolean;
}

/**
 * The query's terms as the server matched them: its words and every word of its phrases, lower-case. A word of the
 * text is a match when it starts with one (as search matches: `deploy` finds "deployment").
 */
export function matchedTerms(query: string): string[] {
  const parsed = parseSearchQuery(query);
  if (!parsed.ok) return [];
  return [...new Set([...parsed.query.words, ...parsed.query.phrases.flat()])];
}

/** Split as `searchWords` splits: a word is letters, digits, marks and underscores. */
const WORD = /[\p{L}\p{N}\p{M}_]+/gu;

/**
 * The text cut into plain and matched runs. A long text starts a little before its first match (with "…"), so that
 * a result shows why it was found; the rest is left to the list's line clamp.
 */
export function highlight(text: string, terms: readonly string[], lead = 80): TextSegment[] {
  const matches = [...text.matchAll(WORD)].filter((word) => {
    const lower = word[0].toLowerCase();
    return terms.some((term) => lower.startsWith(term));
  });
  const firstMatch = matches[0]?.index ?? 0;
  const start = firstMatch > lead ? text.lastIndexOf(' ', firstMatch - lead / 2) + 1 : 0;
  const segments: TextSegment[] = start > 0 ? [{ text: '…', match: false }] : [];
  let at = start;
  for (const word of matches) {
    const index = word.index;
    if (index < start) continue;
    if (index > at) segments.push({ text: text.slice(at, index), match: false });
    segments.push({ text: word[0], match: true });
    at = index + word[0].length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), match: false });
  return segments;
}
