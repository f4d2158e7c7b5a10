import type { ClientFrame, ServerEvents, ServerFrame } from '@parley/contracts';

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
};

function isServerEvent(event: unknown): event is keyof ServerEvents {
  return typeof event === 'string' && Object.hasOwn(SERVER_EVENTS, event);
}

/** Reads one socket frame; null when it is not a `{event, data}` object with an event the client knows. */
export function parseServerFrame(raw: unknown): ServerFrame | null {
  if (typeof raw !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { event, data } = parsed as { event?: unknown; data?: unknown };
  if (!isServerEvent(event) || typeof data !== 'object' || data === null) return null;
  // The server is the contract's other implementation; past the envelope its payloads are trusted as typed.
  return { event, data } as ServerFrame;
}

export function encodeClientFrame(frame: ClientFrame): string {
  return JSON.stringify(frame);
}
