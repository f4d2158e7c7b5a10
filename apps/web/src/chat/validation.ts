import {
  codePointLength,
  hasInvisibleOrControl,
  LIMITS,
  normalizeRoomSlug,
  normalizeUsername,
} from '@parley/contracts';

/** Why a room slug would be refused, in words for the user; null when `normalizeRoomSlug` accepts it. */
export function roomSlugProblem(raw: string): string | null {
  if (normalizeRoomSlug(raw) !== null) return null;
  if (raw.length === 0) return 'Enter a room name.';
  if (raw.length > LIMITS.roomSlugMaxLength) return `Room names are at most ${LIMITS.roomSlugMaxLength} characters.`;
  return 'Room names use only letters a–z, digits, “-” and “_” (no spaces).';
}

/** Why a display name would be refused; null when `normalizeUsername` accepts it. */
export function usernameProblem(raw: string): string | null {
  if (normalizeUsername(raw) !== null) return null;
  const trimmed = raw.trim();
  if (trimmed.length === 0) return 'Enter a name.';
  if (codePointLength(trimmed) > LIMITS.usernameMaxLength)
    return `Names are at most ${LIMITS.usernameMaxLength} characters.`;
  return 'Names cannot contain control or invisible characters.';
}

/** Why a room's optional display name would be refused (too long, or holding invisible characters); null when it fits. */
export function roomNameProblem(raw: string): string | null {
  if (hasInvisibleOrControl(raw)) return 'Display names cannot contain control or invisible characters.';
  return codePointLength(raw.trim()) > LIMITS.roomNameMaxLength
    ? `Display names are at most ${LIMITS.roomNameMaxLength} characters.`
    : null;
}

/** Why a private room's name would be refused: it is required, since the room's address is random. */
export function privateRoomNameProblem(raw: string): string | null {
  if (raw.trim().length === 0) return 'Enter a name for the room.';
  return roomNameProblem(raw);
}
