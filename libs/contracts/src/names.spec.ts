import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits.js';
import {
  codePointLength,
  foldName,
  hasInvisibleOrControl,
  isSingleEmoji,
  isSendableContent,
  isValidPassword,
  mentionedUsernames,
  normalizeRegisteredUsername,
  normalizeRoomSlug,
  normalizeUsername,
} from './names.js';

describe('normalizeRoomSlug', () => {
  it('lower-cases a valid name', () => {
    expect(normalizeRoomSlug('General_Chat-2')).toBe('general_chat-2');
  });

  it.each(['', 'has space', 'dot.dot', 'ünïcode', 'a/b', 'x'.repeat(65)])('refuses %j', (raw) => {
    expect(normalizeRoomSlug(raw)).toBeNull();
  });

  it('accepts the longest allowed name', () => {
    expect(normalizeRoomSlug('x'.repeat(LIMITS.roomSlugMaxLength))).toBe('x'.repeat(64));
  });
});

describe('normalizeUsername', () => {
  it('trims surrounding whitespace', () => {
    expect(normalizeUsername('  Ali  ')).toBe('Ali');
  });

  it('counts code points, so 32 emoji fit', () => {
    expect(normalizeUsername('😀'.repeat(32))).toBe('😀'.repeat(32));
    expect(normalizeUsername('😀'.repeat(33))).toBeNull();
  });

  it.each(['', '   ', 'a\u0000b', 'tab\there', 'new\nline', 'x'.repeat(33)])('refuses %j', (raw) => {
    expect(normalizeUsername(raw)).toBeNull();
  });

  it.each([
    ['a zero-width space', 'ali\u200B'],
    ['a zero-width joiner', 'a\u200Dli'],
    ['a right-to-left override', '\u202Eali'],
    ['a left-to-right isolate', '\u2066ali'],
    ['a word joiner', 'al\u2060i'],
    ['a soft hyphen', 'al\u00ADi'],
    ['a line separator inside', 'al\u2028i'],
    ['a paragraph separator inside', 'al\u2029i'],
    ['a byte-order mark inside', 'al\uFEFFi'],
  ])('refuses a name holding %s, which would pass for another', (_what, raw) => {
    expect(normalizeUsername(raw)).toBeNull();
    expect(hasInvisibleOrControl(raw)).toBe(true);
  });

  it('keeps emoji sequences, whose joiners and selectors are not format characters of their own', () => {
    expect(normalizeUsername('Ana ❤️')).toBe('Ana ❤️');
  });
});

describe('foldName', () => {
  it.each([
    ['ａｌｉ', 'ali'],
    ['ALI', 'ali'],
    ['STRAßE', 'strasse'],
    ['\u212Aay', 'kay'],
    ['ﬁona', 'fiona'],
  ])('reads %j as %j', (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it('keeps names apart that people tell apart', () => {
    expect(foldName('ali')).not.toBe(foldName('alí'));
  });
});

describe('codePointLength', () => {
  it('counts an astral character once', () => {
    expect('😀'.length).toBe(2);
    expect(codePointLength('a😀b')).toBe(3);
  });
});

describe('isSendableContent', () => {
  it('refuses empty and whitespace-only content', () => {
    expect(isSendableContent('')).toBe(false);
    expect(isSendableContent(' \n\t ')).toBe(false);
  });

  it('allows exactly the limit in code points and refuses one more', () => {
    expect(isSendableContent('😀'.repeat(LIMITS.messageMaxLength))).toBe(true);
    expect(isSendableContent('😀'.repeat(LIMITS.messageMaxLength + 1))).toBe(false);
  });

  it('allows empty content on a message with attachments, never more than the limit', () => {
    expect(isSendableContent('', true)).toBe(true);
    expect(isSendableContent('x'.repeat(LIMITS.messageMaxLength + 1), true)).toBe(false);
  });
});

describe('normalizeRegisteredUsername', () => {
  it('lower-cases a valid name', () => {
    expect(normalizeRegisteredUsername('Ali.B-2_x')).toBe('ali.b-2_x');
  });

  it.each(['a', 'x'.repeat(33), '-dash', '.dot', '_under', 'has space', 'émile', 'a@b'])('refuses %j', (raw) => {
    expect(normalizeRegisteredUsername(raw)).toBeNull();
  });
});

describe('isValidPassword', () => {
  it('takes 8–256 characters that are not only whitespace', () => {
    expect(isValidPassword('12345678')).toBe(true);
    expect(isValidPassword('😀'.repeat(8))).toBe(true);
    expect(isValidPassword('1234567')).toBe(false);
    expect(isValidPassword(' '.repeat(10))).toBe(false);
    expect(isValidPassword('x'.repeat(257))).toBe(false);
  });
});

describe('mentionedUsernames', () => {
  it('finds @names as words, case-insensitively, each once, without trailing punctuation', () => {
    expect(mentionedUsernames('@Ali and @bea.b, ask @ali. (@cy)')).toEqual(['ali', 'bea.b', 'cy']);
  });

  it('ignores e-mail addresses, lone @ and names that could not be registered', () => {
    expect(mentionedUsernames('mail ali@example.com or @ or @x or @-no')).toEqual([]);
  });
});

describe('isSingleEmoji', () => {
  it.each(['👍', '👍🏽', '👨‍👩‍👧', '🇫🇷', '1️⃣', '❤️', '🏳️‍🌈'])('takes %s as one emoji', (emoji) => {
    expect(isSingleEmoji(emoji)).toBe(true);
  });

  it.each(['', 'a', ':)', '👍👍', '😀x', ' 👍', '<img>'])('refuses %j', (text) => {
    expect(isSingleEmoji(text)).toBe(false);
  });
});
