import { CloseCode, type ErrorCode, type ServerFrame, type UserStreamFrame } from '@parley/contracts';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Identity } from '../../identity/identity.js';
import type { AccessLedger, Grant } from './access-ledger.js';
import { encodeFrame, errorFrame, type EncodedFrame } from './encoded-frame.js';

const TEXT_FRAME = { binary: false } as const;
const CLOSE_HANDSHAKE_GRACE_MS = 5_000;
/** How long a close waits for the replies of frames already taken (acks need a commit) before it goes out anyway. */
const CLOSE_AFTER_REPLIES_MS = 10_000;

/** What operators count about sockets; the writer itself knows nothing of metrics. */
export interface SessionObserver {
  errorSent(code: ErrorCode): void;
  cutOff(): void;
}

export interface SessionOptions {
  /** Unsent bytes past which the client is too slow and is closed with 4008; 0 disables the bound. */
  maxBufferedBytes: number;
  observer: SessionObserver;
  /** What was revoked on this instance: every frame taken and every event delivered asks it first. */
  ledger: AccessLedger;
}

/**
 * The only way anything is written to one of Parley's sockets: in order, under the slow-client bound. A close asked
 * for while replies are still being worked on is written after them, so the client always learns why it was closed.
 */
export class SocketWriter {
  private closeRequested = false;
  private closeSent = false;
  private corked = false;
  /** Work on frames this client sent whose replies are not written yet (made at the first: most sockets only listen). */
  private pendingReplies: Set<Promise<unknown>> | null = null;
  answeredPing = true;

  constructor(
    readonly socket: WebSocket,
    readonly identity: Identity,
    /** The rights it was let in on: its session, its membership of the room, its guest name. */
    readonly grant: Grant,
    private readonly options: SessionOptions,
  ) {
    socket.on('pong', () => (this.answeredPing = true));
  }

  /** False once a close was asked for: later frames from the client are not handled. */
  get takesFrames(): boolean {
    return !this.closeRequested;
  }

  /**
   * Whether the rights it was let in on still hold (a stale grant counts: the resync under way reads it again). One
   * revoked is closed with its code (4401, 4403, 4004) and gets nothing more.
   */
  stillAllowed(): boolean {
    if (this.closeRequested) return false;
    const status = this.options.ledger.check(this.grant);
    if (typeof status !== 'object') return true;
    this.close(status.code, status.reason);
    return false;
  }

  protected get closed(): boolean {
    return this.closeSent;
  }

  reply(frame: ServerFrame | UserStreamFrame): void {
    this.write(encodeFrame(frame));
  }

  /** A reply encoded once for several connections (the presence list the joiners of one turn share). */
  replyEncoded(frame: EncodedFrame): void {
    this.write(frame);
  }

  replyError(code: ErrorCode, message: string, details?: { clientId?: string; retryAfterMs?: number }): void {
    this.options.observer.errorSent(code);
    this.reply(errorFrame(code, message, details));
  }

  /** Work whose replies a later close must wait for. */
  trackReply(work: Promise<unknown>): void {
    const pending = (this.pendingReplies ??= new Set());
    pending.add(work);
    const settled = () => pending.delete(work);
    work.then(settled, settled);
  }

  /** Closes once the replies already being worked on are written (or after a bound), then starts the handshake. */
  close(code: number, reason: string): void {
    if (this.closeRequested) return;
    this.closeRequested = true;
    if (!this.pendingReplies?.size) {
      this.sendClose(code, reason);
      return;
    }
    const bound = new Promise((resolve) => setTimeout(resolve, CLOSE_AFTER_REPLIES_MS).unref());
    Promise.race([Promise.allSettled([...this.pendingReplies]), bound])
      .then(() => this.sendClose(code, reason))
      .catch(() => this.socket.terminate());
  }

  /** A client that stopped reading gets no grace: its replies could not reach it anyway. */
  protected cutOff(reason: string): void {
    if (this.closeSent) return;
    this.options.observer.cutOff();
    this.closeRequested = true;
    this.sendClose(CloseCode.SlowConsumer, reason);
  }

  /**
   * The bound is checked at a turn's first frame, on what earlier turns left unsent: the client did not read it. The
   * frames of the turn itself wait in the corked socket by design (a group commit of hundreds of messages is more than
   * the bound), so they cannot count against it; a turn adds at most one batch's frames.
   */
  protected write(frame: EncodedFrame): void {
    if (this.closeSent || this.socket.readyState !== this.socket.OPEN) return;
    const { maxBufferedBytes } = this.options;
    if (!this.corked && maxBufferedBytes > 0 && this.socket.bufferedAmount + frame.payload.length > maxBufferedBytes) {
      this.cutOff('Too slow: unread data passed the limit');
      return;
    }
    this.cork();
    this.socket.send(frame.payload, TEXT_FRAME);
  }

  /**
   * Holds this turn's frames in the TCP socket and writes them with one system call at the end of the turn: a batch of
   * messages (a group commit, a joiner's history, presence and notice) costs one write per socket, not one per frame.
   */
  private cork(): void {
    if (this.corked) return;
    const transport = (this.socket as unknown as { _socket?: Socket })._socket;
    if (!transport) return;
    this.corked = true;
    transport.cork();
    process.nextTick(() => {
      this.corked = false;
      transport.uncork();
    });
  }

  private sendClose(code: number, reason: string): void {
    if (this.closeSent) return;
    this.closeSent = true;
    this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), CLOSE_HANDSHAKE_GRACE_MS).unref();
  }
}
