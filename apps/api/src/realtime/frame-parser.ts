import { ErrorCode, type ClientEvents, type ErrorData } from '@parley/contracts';

/**
 * Frames the server cannot route are turned into this internal event, which no client can name
 * (the parser never passes it through), so the gateway answers them with an `error` frame
 * instead of the adapter dropping them silently.
 */
export const REJECTED_FRAME_EVENT = 'parley:rejected-frame';

const CLIENT_EVENTS: ReadonlySet<string> = new Set<keyof ClientEvents>(['message']);

export type ParsedFrame =
  { event: keyof ClientEvents; data: unknown } | { event: typeof REJECTED_FRAME_EVENT; data: ErrorData };

export function parseClientFrame(raw: string | Buffer | ArrayBuffer | Buffer[]): ParsedFrame {
  let frame: unknown;
  try {
    frame = JSON.parse(
      Buffer.isBuffer(raw) || typeof raw === 'string' ? raw.toString() : Buffer.concat(toBuffers(raw)).toString(),
    );
  } catch {
    return reject(ErrorCode.BadJson, 'Frame is not valid JSON');
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return reject(ErrorCode.BadFrame, 'Frame must be an object {"event": …, "data": …}');
  }
  const { event, data } = frame as Record<string, unknown>;
  if (typeof event !== 'string' || !('data' in frame)) {
    return reject(ErrorCode.BadFrame, 'Frame must be an object {"event": …, "data": …}');
  }
  if (!CLIENT_EVENTS.has(event)) {
    return reject(ErrorCode.UnknownEvent, `Unknown event "${event.slice(0, 40)}"`);
  }
  return { event: event as keyof ClientEvents, data };
}

function toBuffers(raw: ArrayBuffer | Buffer[]): Buffer[] {
  return Array.isArray(raw) ? raw : [Buffer.from(raw)];
}

function reject(code: ErrorCode, message: string): ParsedFrame {
  return { event: REJECTED_FRAME_EVENT, data: { code, message } };
}
