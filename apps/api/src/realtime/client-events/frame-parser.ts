import { ErrorCode } from '@parley/contracts';
import type { RawData } from 'ws';
import { ProtocolException } from './protocol.exception.js';

/** A client frame whose envelope is sound; whether its event is one the server takes is the event table's call. */
export interface ClientFrameEnvelope {
  event: string;
  data: unknown;
}

/** Reads `{"event": string, "data": …}` out of one WebSocket text frame; anything else is a ProtocolException. */
export function parseClientFrame(raw: RawData): ClientFrameEnvelope {
  let frame: unknown;
  try {
    frame = JSON.parse(Buffer.isBuffer(raw) ? raw.toString() : Buffer.concat(toBuffers(raw)).toString());
  } catch {
    throw new ProtocolException(ErrorCode.BadJson, 'Frame is not valid JSON');
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) throw badFrame();
  const { event, data } = frame as Record<string, unknown>;
  if (typeof event !== 'string' || !('data' in frame)) throw badFrame();
  return { event, data };
}

function toBuffers(raw: ArrayBuffer | Buffer[]): Buffer[] {
  return Array.isArray(raw) ? raw : [Buffer.from(raw)];
}

function badFrame(): ProtocolException {
  return new ProtocolException(ErrorCode.BadFrame, 'Frame must be an object {"event": …, "data": …}');
}
