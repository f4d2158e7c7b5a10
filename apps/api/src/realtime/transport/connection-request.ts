import {
  CloseCode,
  LIMITS,
  normalizeRoomSlug,
  normalizeUsername,
  USER_STREAM_PATH,
  WS_PATH_PREFIX,
} from '@parley/contracts';

/** How the connection says who it is: a socket ticket of a signed-in user, or a guest's name. */
export type Credential = { kind: 'ticket'; ticket: string } | { kind: 'guest'; username: string };

export type ConnectionRequest =
  | { valid: true; room: string; credential: Credential; since: number | undefined }
  /** The signed-in user's own stream (`/ws/~me`), not a room. */
  | { valid: true; room: null; credential: Credential; since: undefined }
  /** `ticket`: one was presented with the rest refused, and is spent all the same. */
  | { valid: false; closeCode: CloseCode; reason: string; ticket: string | null };

/**
 * Reads `/ws/<room>?ticket=<t>|username=<name>[&since=<seq>]` (a ticket wins over a name); the reason of a refusal
 * fits a close frame (≤ 123 bytes).
 */
export function parseConnectionRequest(url: string | undefined): ConnectionRequest {
  const parsed = new URL(url ?? '/', 'http://parley.invalid');
  const ticket = parsed.searchParams.get('ticket') || null;
  const refuse = (closeCode: CloseCode, reason: string): ConnectionRequest => ({
    valid: false,
    closeCode,
    reason,
    ticket,
  });
  if (parsed.pathname === USER_STREAM_PATH) {
    return { valid: true, room: null, credential: { kind: 'ticket', ticket: ticket ?? '' }, since: undefined };
  }
  const rawRoom = parsed.pathname.startsWith(WS_PATH_PREFIX)
    ? safeDecode(parsed.pathname.slice(WS_PATH_PREFIX.length))
    : null;
  const room = rawRoom === null ? null : normalizeRoomSlug(rawRoom);
  if (!room) {
    return refuse(CloseCode.InvalidRoom, `Room name must be 1-${LIMITS.roomSlugMaxLength} of a-z 0-9 - _`);
  }
  const username = normalizeUsername(parsed.searchParams.get('username') ?? '');
  if (!ticket && !username) {
    return refuse(
      CloseCode.InvalidUsername,
      `Name must be 1-${LIMITS.usernameMaxLength} characters, no control or invisible characters`,
    );
  }
  const credential: Credential = ticket ? { kind: 'ticket', ticket } : { kind: 'guest', username: username! };
  const rawSince = parsed.searchParams.get('since');
  if (rawSince === null || rawSince === '') return { valid: true, room, credential, since: undefined };
  if (!/^\d{1,15}$/.test(rawSince)) return refuse(CloseCode.InvalidSince, 'since must be a non-negative integer');
  return { valid: true, room, credential, since: Number(rawSince) };
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
