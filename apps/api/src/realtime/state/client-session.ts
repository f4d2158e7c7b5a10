import { CloseCode, type ErrorCode, type ServerFrame } from '@parley/contracts';
import type { WebSocket } from 'ws';
import type { Identity } from '../../identity/identity.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import { errorFrame } from '../client-events/protocol.exception.js';
import type { SendRatePolicy } from '../policy/send-rate-policy.js';
import { encodeFrame, type EncodedFrame } from './encoded-frame.js';

const TEXT_FRAME = { binary: false } as const;
const CLOSE_HANDSHAKE_GRACE_MS = 5_000;
/** How long a close waits for the replies of frames already taken (acks need a commit) before it goes out anyway. */
const CLOSE_AFTER_REPLIES_MS = 10_000;
/** Timeline events a joining client may receive while its history is being read, before it is cut off as too slow. */
const MAX_CATCH_UP_BUFFER = 10_000;

/** What operators count about sessions; the session itself knows nothing of metrics. */
export interface SessionObserver {
  errorSent(code: ErrorCode): void;
  cutOff(): void;
}

export interface SessionOptions {
  /** Unsent bytes past which the client is too slow and is closed with 4008; 0 disables the bound. */
  maxBufferedBytes: number;
  observer: SessionObserver;
}

/**
 * One WebSocket connection in a room, and the only way anything is written to it: replies (history, presence, acks,
 * errors) and room events alike go through `write`, in order, under the slow-client bound. While it is joining it
 * holds timeline events, so nothing stored between reading its history and going live is lost; once live it never
 * receives a seq twice. A close asked for while replies are still being worked on is written after them, so the
 * client always learns why it was closed.
 */
export class ClientSession {
  private catchUp: EncodedFrame[] | null = [];
  private lastSeq = 0;
  private closeRequested = false;
  private closeSent = false;
  /** Work on frames this client sent whose replies are not written yet. */
  private readonly pendingReplies = new Set<Promise<unknown>>();
  answeredPing = true;

  constructor(
    readonly socket: WebSocket,
    readonly room: RoomRef,
    readonly identity: Identity,
    readonly sendRate: SendRatePolicy,
    private readonly options: SessionOptions,
  ) {
    socket.on('pong', () => (this.answeredPing = true));
  }

  get isLive(): boolean {
    return this.catchUp === null && !this.closeSent;
  }

  /** False once a close was asked for: later frames from the client are not handled. */
  get takesFrames(): boolean {
    return !this.closeRequested;
  }

  reply(frame: ServerFrame): void {
    this.write(encodeFrame(frame));
  }

  replyError(code: ErrorCode, message: string, details?: { clientId?: string; retryAfterMs?: number }): void {
    this.options.observer.errorSent(code);
    this.reply(errorFrame(code, message, details));
  }

  /** A room event: timeline events are held while joining and deduplicated by seq; others reach live sessions only. */
  deliver(frame: EncodedFrame): void {
    if (this.catchUp === null) {
      this.write(frame);
    } else if (frame.seq !== undefined) {
      if (this.catchUp.length >= MAX_CATCH_UP_BUFFER) this.cutOff('Too slow to catch up');
      else this.catchUp.push(frame);
    }
  }

  /** Ends the catch-up after the history (up to `lastSeq`) is sent: held newer events go out, in order. */
  goLive(lastSeq: number): void {
    this.lastSeq = lastSeq;
    const held = this.catchUp ?? [];
    this.catchUp = null;
    for (const frame of held) this.write(frame);
  }

  /** Work whose replies a later close must wait for. */
  trackReply(work: Promise<unknown>): void {
    this.pendingReplies.add(work);
    const settled = () => this.pendingReplies.delete(work);
    work.then(settled, settled);
  }

  /** Closes once the replies already being worked on are written (or after a bound), then starts the handshake. */
  close(code: number, reason: string): void {
    if (this.closeRequested) return;
    this.closeRequested = true;
    if (this.pendingReplies.size === 0) {
      this.sendClose(code, reason);
      return;
    }
    const bound = new Promise((resolve) => setTimeout(resolve, CLOSE_AFTER_REPLIES_MS).unref());
    void Promise.race([Promise.allSettled([...this.pendingReplies]), bound]).then(() => this.sendClose(code, reason));
  }

  private sendClose(code: number, reason: string): void {
    if (this.closeSent) return;
    this.closeSent = true;
    this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), CLOSE_HANDSHAKE_GRACE_MS).unref();
  }

  /** A client that stopped reading gets no grace: its replies could not reach it anyway. */
  private cutOff(reason: string): void {
    if (this.closeSent) return;
    this.options.observer.cutOff();
    this.closeRequested = true;
    this.sendClose(CloseCode.SlowConsumer, reason);
  }

  private write(frame: EncodedFrame): void {
    if (this.closeSent || this.socket.readyState !== this.socket.OPEN) return;
    if (frame.seq !== undefined) {
      if (frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
    }
    const { maxBufferedBytes } = this.options;
    if (maxBufferedBytes > 0 && this.socket.bufferedAmount + frame.payload.length > maxBufferedBytes) {
      this.cutOff('Too slow: unread data passed the limit');
      return;
    }
    this.socket.send(frame.payload, TEXT_FRAME);
  }
}
