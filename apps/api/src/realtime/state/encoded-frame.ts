import type { RoomEvent, ServerFrame, UserStreamFrame } from '@parley/contracts';

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
