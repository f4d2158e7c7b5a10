import { LIMITS } from './limits.js';

const ROOM_SLUG = new RegExp(`^[a-z0-9_-]{1,${LIMITS.roomSlugMaxLength}}$`);
const CONTROL_CHARACTER = /\p{Cc}/u;

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

/** Display names are trimmed; returns null when empty, too long or holding control characters. */
export function normalizeUsername(raw: string): string | null {
  const name = raw.trim();
  const length = codePointLength(name);
  if (length < 1 || length > LIMITS.usernameMaxLength) return null;
  return CONTROL_CHARACTER.test(name) ? null : name;
}

/** Content is sendable when it has a visible character and fits the limit. */
export function isSendableContent(content: string): boolean {
  return content.trim().length > 0 && codePointLength(content) <= LIMITS.messageMaxLength;
}
