import { CloseCode, LIMITS, normalizeRoomSlug, normalizeUsername, WS_PATH_PREFIX } from '@parley/contracts';

export type ConnectionRequest =
  | { valid: true; room: string; username: string; since: number | undefined }
  | { valid: false; closeCode: CloseCode; reason: string };

/** Reads `/ws/<room>?username=<name>[&since=<seq>]`; the reason of a refusal fits a close frame (≤ 123 bytes). */
export function parseConnectionRequest(url: string | undefined): ConnectionRequest {
  const parsed = new URL(url ?? '/', 'http://parley.invalid');
  const rawRoom = parsed.pathname.startsWith(WS_PATH_PREFIX)
    ? safeDecode(parsed.pathname.slice(WS_PATH_PREFIX.length))
    : null;
  const room = rawRoom === null ? null : normalizeRoomSlug(rawRoom);
  if (!room) {
    return refuse(CloseCode.InvalidRoom, `Room name must be 1-${LIMITS.roomSlugMaxLength} of a-z 0-9 - _`);
  }
  const username = normalizeUsername(parsed.searchParams.get('username') ?? '');
  if (!username) {
    return refuse(
      CloseCode.InvalidUsername,
      `Name must be 1-${LIMITS.usernameMaxLength} characters, no control characters`,
    );
  }
  const rawSince = parsed.searchParams.get('since');
  if (rawSince === null || rawSince === '') return { valid: true, room, username, since: undefined };
  if (!/^\d{1,15}$/.test(rawSince)) return refuse(CloseCode.InvalidSince, 'since must be a non-negative integer');
  return { valid: true, room, username, since: Number(rawSince) };
}

function refuse(closeCode: CloseCode, reason: string): ConnectionRequest {
  return { valid: false, closeCode, reason };
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
