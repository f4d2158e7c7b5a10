import { LIMITS } from './limits.js';
import { codePointLength, normalizeRoomSlug } from './names.js';

/**
 * A search query as Parley reads it (the server's word on it, and what the web client highlights):
 * - words: every one must match a word of the message that starts with it (`deploy` finds "deployment"); split on
 *   whitespace and punctuation, compared case-insensitively; a word shorter than LIMITS.searchWordMinLength is ignored;
 * - `"a phrase"`: those words consecutively, in that order;
 * - `from:<name>` (or `from:"a name"`): the sender's username or guest name, exactly but for case;
 * - `in:<slug>`: that room only;
 * - `before:YYYY-MM-DD` (created before that day begins, UTC) and `after:YYYY-MM-DD` (created after it ends).
 * Only these four are operators: `foo:bar` is the words `foo` and `bar`.
 */
export interface ParsedSearch {
  /** Lower-case, each at least LIMITS.searchWordMinLength code points. */
  words: string[];
  /**
   * Each a list of lower-case words, two or more, at least one of them LIMITS.searchWordMinLength long (a phrase may
   * hold short words: "out of memory"); a one-word phrase is a word.
   */
  phrases: string[][];
  /** Lower-case. */
  from?: string;
  /** A valid room slug, or null when the `in:` names no possible room (which finds nothing). */
  in?: string | null;
  /** Milliseconds since the epoch: created strictly before. */
  before?: number;
  /** Milliseconds since the epoch: created at or after (the end of the day named). */
  after?: number;
  /** What was not searched, as written (lower-case). */
  ignored: string[];
}

export type SearchQueryOutcome = { ok: true; query: ParsedSearch } | { ok: false; reason: string };

const OPERATOR = /^(from|in|before|after):(?:"([^"]*)"|(\S*))/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The words of a text as search splits them: on whitespace and punctuation, lower-case. */
export function searchWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{M}_]+/u)
    .filter((word) => word.length > 0);
}

export function parseSearchQuery(raw: string): SearchQueryOutcome {
  if (codePointLength(raw) > LIMITS.searchQueryMaxLength) {
    return refuse(`A query is at most ${LIMITS.searchQueryMaxLength} characters`);
  }
  const query: ParsedSearch = { words: [], phrases: [], ignored: [] };
  let operators = 0;
  let rest = raw.trim();
  while (rest.length > 0) {
    const operator = OPERATOR.exec(rest);
    if (operator) {
      const problem = applyOperator(query, operator[1].toLowerCase(), operator[2] ?? operator[3]);
      if (problem) return refuse(problem);
      operators += 1;
      rest = rest.slice(operator[0].length).trimStart();
      continue;
    }
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      const phrase = rest.slice(1, end === -1 ? undefined : end);
      addPhrase(query, searchWords(phrase));
      rest = end === -1 ? '' : rest.slice(end + 1).trimStart();
      continue;
    }
    const token = /^\S+/.exec(rest)![0];
    const quote = token.indexOf('"');
    const text = quote > 0 ? token.slice(0, quote) : token;
    for (const word of searchWords(text)) addWord(query, word);
    rest = rest.slice(text.length).trimStart();
  }
  if (query.words.length === 0 && query.phrases.length === 0 && operators === 0) {
    return refuse(
      query.ignored.length > 0
        ? `Nothing to search for: words shorter than ${LIMITS.searchWordMinLength} characters are not searched`
        : 'Nothing to search for: give a word, a "phrase", or from:, in:, before: or after:',
    );
  }
  return { ok: true, query };
}

function applyOperator(query: ParsedSearch, name: string, value: string): string | null {
  switch (name) {
    case 'from':
      if (value.trim() === '') return 'from: needs a name';
      query.from = value.trim().toLowerCase();
      return null;
    case 'in':
      query.in = normalizeRoomSlug(value);
      return null;
    case 'before':
    case 'after': {
      const day = dayStart(value);
      if (day === null) return `${name}: needs a date as YYYY-MM-DD`;
      if (name === 'before') query.before = day;
      else query.after = day + DAY_MS;
      return null;
    }
    default:
      return null;
  }
}

function addWord(query: ParsedSearch, word: string): void {
  if (codePointLength(word) < LIMITS.searchWordMinLength) remember(query.ignored, word);
  else remember(query.words, word);
}

function addPhrase(query: ParsedSearch, words: string[]): void {
  if (words.length === 1) addWord(query, words[0]);
  else if (words.some((word) => codePointLength(word) >= LIMITS.searchWordMinLength)) query.phrases.push(words);
  else words.forEach((word) => remember(query.ignored, word));
}

function remember(list: string[], word: string): void {
  if (!list.includes(word)) list.push(word);
}

/** Midnight UTC of a real calendar day, in milliseconds; null for anything else. */
function dayStart(text: string): number | null {
  const match = DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = Date.UTC(year, month - 1, day);
  const date = new Date(at);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? at : null;
}

function refuse(reason: string): SearchQueryOutcome {
  return { ok: false, reason };
}
