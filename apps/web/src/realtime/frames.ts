import type { ClientFrame, ServerEvents, ServerFrame, UserStreamEvents, UserStreamFrame } from '@parley/contracts';

/** Every server event name, checked against the contract so a new event cannot be forgotten here. */
const SERVER_EVENTS: Record<keyof ServerEvents, true> = {
  history: true,
  presence: true,
  system: true,
  message: true,
  ack: true,
  error: true,
  pong: true,
  receipt: true,
  typing: true,
  message_updated: true,
  muted: true,
};

/** The same for the user stream (`/ws/~me`). */
const USER_STREAM_EVENTS: Record<keyof UserStreamEvents, true> = {
  my_room: true,
  notification: true,
  my_room_removed: true,
  pong: true,
  error: true,
};

/** Reads one frame; null when it is not a `{event, data}` object with one of `events`. */
function parseFrame<Frame>(raw: unknown, events: Record<string, true>): Frame | null {
  if (typeof raw !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { event, data } = parsed as { event?: unknown; data?: unknown };
  if (typeof event !== 'string' || !Object.hasOwn(events, event) || typeof data !== 'object' || data === null) {
    return null;
  }
  // The server is the contract's other implementation; past the envelope its payloads are trusted as typed.
  return { event, data } as Frame;
}

/** Reads one room socket frame; null when it is not a `{event, data}` object with an event the client knows. */
export function parseServerFrame(raw: unknown): ServerFrame | null {
  return parseFrame<ServerFrame>(raw, SERVER_EVENTS);
}

/** Reads one user stream frame, as parseServerFrame does a room's. */
export function parseUserStreamFrame(raw: unknown): UserStreamFrame | null {
  return parseFrame<UserStreamFrame>(raw, USER_STREAM_EVENTS);
}

export function encodeClientFrame(frame: ClientFrame): string {
  return JSON.stringify(frame);
}
