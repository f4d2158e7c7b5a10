import { LIMITS } from './limits.js';

const ROOM_SLUG = new RegExp(`^[a-z0-9_-]{1,${LIMITS.roomSlugMaxLength}}$`);
/**
 * What no name may hold: control characters, format characters (zero-width spaces and joiners, bidirectional
 * controls, the word joiner) and line or paragraph separators — invisible, or reordering what is shown, so a name
 * holding one can pass for another.
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const MENTION = /(?<![\p{L}\p{N}_@.])@([a-z0-9][a-z0-9_.-]*)/giu;
const REGISTERED_USERNAME = new RegExp(
  `^[a-z0-9][a-z0-9_.-]{${LIMITS.registeredUsernameMinLength - 1},${LIMITS.registeredUsernameMaxLength - 1}}$`,
);

/** Length in Unicode code points, so an emoji counts as one character, as users see it. */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Room names match case-insensitively and are stored lower-case; returns null when not a valid room name. */
export function normalizeRoomSlug(raw: string): string | null {
  const slug = raw.toLowerCase();
  return ROOM_SLUG.test(slug) ? slug : null;
}

/** Whether a name (a guest's, a room's) holds a character no name may hold. */
export function hasInvisibleOrControl(name: string): boolean {
  return INVISIBLE_OR_CONTROL.test(name);
}

/** Display names are trimmed; returns null when empty, too long or holding control or invisible characters. */
export function normalizeUsername(raw: string): string | null {
  const name = raw.trim();
  const length = codePointLength(name);
  if (length < 1 || length > LIMITS.usernameMaxLength) return null;
  return hasInvisibleOrControl(name) ? null : name;
}

/**
 * A name as people read it, for telling whether two names pass for each other: compatibility forms folded (full-width
 * `ａｌｉ`, ligatures, the Kelvin sign), then case (upper-casing first folds `ß` to `ss` and `ı` to `i`).
 */
export function foldName(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/** Content is sendable when it has a visible character and fits the limit. */
export function isSendableContent(content: string, withAttachments = false): boolean {
  return (withAttachments || content.trim().length > 0) && codePointLength(content) <= LIMITS.messageMaxLength;
}

/** Registered usernames match case-insensitively and are stored lower-case; null when not a valid one. */
export function normalizeRegisteredUsername(raw: string): string | null {
  const username = raw.toLowerCase();
  return REGISTERED_USERNAME.test(username) ? username : null;
}

/** A password is 8–256 code points and not only whitespace. */
export function isValidPassword(password: string): boolean {
  const length = codePointLength(password);
  return password.trim().length > 0 && length >= LIMITS.passwordMinLength && length <= LIMITS.passwordMaxLength;
}

/**
 * The registered usernames a text mentions as `@name`, lower-case, each once: the `@` must start a word (so an
 * e-mail address mentions nobody), and dots ending the name are punctuation, not part of it.
 */
export function mentionedUsernames(text: string): string[] {
  if (!text.includes('@')) return [];
  const found = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    const username = normalizeRegisteredUsername(match[1].replace(/\.+$/, ''));
    if (username) found.add(username);
  }
  return [...found];
}

/** Unicode's recommended emoji, each one grapheme: skin tones, ZWJ sequences, flags and keycaps included. */
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/** Whether the text is exactly one emoji (what a reaction is). */
export function isSingleEmoji(text: string): boolean {
  return text.length <= 32 && ONE_EMOJI.test(text);
}
