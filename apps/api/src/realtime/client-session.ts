import { CloseCode, type ServerFrame } from '@parley/contracts';
import type { WebSocket } from 'ws';
import type { RoomRef } from '../rooms/rooms.service.js';
import type { TokenBucket } from './token-bucket.js';

/** A frame serialised once and sent as is to every recipient. */
export interface EncodedFrame {
  payload: Buffer;
  /** Set on `message` frames, so replays can be told from new ones. */
  seq?: number;
}

export function encodeFrame(frame: ServerFrame): EncodedFrame {
  const payload = Buffer.from(JSON.stringify(frame));
  return frame.event === 'message' ? { payload, seq: frame.data.seq } : { payload };
}

const TEXT_FRAME = { binary: false } as const;
const CLOSE_HANDSHAKE_GRACE_MS = 5_000;
/** Messages a joining client may receive while its history is being read, before it is cut off as too slow. */
const MAX_CATCH_UP_BUFFER = 10_000;

/**
 * One WebSocket connection in a room. While it is joining it buffers live messages, so nothing sent
 * between reading its history and going live is lost; once live it never receives a seq twice.
 * A socket whose unsent data passes the bound is closed rather than allowed to grow the server's memory.
 */
export class ClientSession {
  private catchUp: EncodedFrame[] | null = [];
  private lastSeq = 0;
  private closing = false;
  /** Messages refused by the rate limit since the last accepted one. */
  refusedInARow = 0;
  answeredPing = true;

  constructor(
    readonly socket: WebSocket,
    readonly room: RoomRef,
    readonly username: string,
    private readonly maxBufferedBytes: number,
    readonly rateLimit: TokenBucket,
    private readonly onCutOff: () => void = () => undefined,
  ) {
    socket.on('pong', () => (this.answeredPing = true));
  }

  get isLive(): boolean {
    return this.catchUp === null && !this.closing;
  }

  /** Sends now, bypassing the catch-up buffer: for the frames that open the conversation. */
  sendDirect(frame: EncodedFrame): void {
    this.write(frame);
  }

  /** Live delivery: buffered while joining, deduplicated by seq. */
  deliver(frame: EncodedFrame): void {
    if (this.catchUp === null) {
      this.write(frame);
    } else if (frame.seq !== undefined) {
      if (this.catchUp.length >= MAX_CATCH_UP_BUFFER) this.cutOff('Too slow to catch up');
      else this.catchUp.push(frame);
    }
  }

  /** Ends the catch-up after the history (up to `lastSeq`) is sent: buffered newer messages go out, in order. */
  goLive(lastSeq: number): void {
    this.lastSeq = lastSeq;
    const buffered = this.catchUp ?? [];
    this.catchUp = null;
    for (const frame of buffered) this.write(frame);
  }

  /** Starts the closing handshake; a peer that does not complete it (it stopped reading) is cut off after a grace period. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), CLOSE_HANDSHAKE_GRACE_MS).unref();
  }

  private cutOff(reason: string): void {
    if (this.closing) return;
    this.onCutOff();
    this.close(CloseCode.SlowConsumer, reason);
  }

  private write(frame: EncodedFrame): void {
    if (this.closing || this.socket.readyState !== this.socket.OPEN) return;
    if (frame.seq !== undefined) {
      if (frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
    }
    if (this.maxBufferedBytes > 0 && this.socket.bufferedAmount + frame.payload.length > this.maxBufferedBytes) {
      this.cutOff('Too slow: unread data passed the limit');
      return;
    }
    this.socket.send(frame.payload, TEXT_FRAME);
  }
}
