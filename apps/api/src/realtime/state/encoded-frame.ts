import type { ErrorCode, ErrorData, RoomEvent, ServerFrame, UserStreamFrame } from '@parley/contracts';

/** A frame serialised once and sent as is to every recipient. */
export interface EncodedFrame {
  payload: Buffer;
  /** Set on timeline events, so replays can be told from new ones. */
  seq?: number;
}

export function encodeFrame(frame: ServerFrame | UserStreamFrame): EncodedFrame {
  return { payload: Buffer.from(JSON.stringify(frame)) };
}

export function encodeRoomEvent(event: RoomEvent, seq: number | undefined): EncodedFrame {
  const payload = Buffer.from(JSON.stringify({ event: event.type, data: event.data }));
  return seq === undefined ? { payload } : { payload, seq };
}

/** The one place an `error` frame is built: it names the refused frame's clientId when it had one. */
export function errorFrame(
  code: ErrorCode,
  message: string,
  details: { clientId?: string; retryAfterMs?: number } = {},
): ServerFrame {
  const data: ErrorData = { code, message };
  if (details.clientId !== undefined) data.clientId = details.clientId;
  if (details.retryAfterMs !== undefined) data.retryAfterMs = details.retryAfterMs;
  return { event: 'error', data };
}
