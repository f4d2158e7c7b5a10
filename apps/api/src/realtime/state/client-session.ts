import type { WebSocket } from 'ws';
import type { Identity } from '../../identity/identity.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import type { SendRatePolicy } from '../policy/send-rate-policy.js';
import type { Grant } from './access-ledger.js';
import type { EncodedFrame } from './encoded-frame.js';
import { SocketWriter, type SessionOptions } from './socket-writer.js';

export type { SessionObserver, SessionOptions } from './socket-writer.js';

/** Timeline events a joining client may receive while its history is being read, before it is cut off as too slow. */
const MAX_CATCH_UP_BUFFER = 10_000;

/**
 * One WebSocket connection in a room. Replies and room events alike go through its writer. While it is joining it
 * holds timeline events, so nothing stored between reading its history and going live is lost; once live it never
 * receives a seq twice.
 */
export class ClientSession extends SocketWriter {
  private catchUp: EncodedFrame[] | null = [];
  private lastSeq = 0;

  constructor(
    socket: WebSocket,
    readonly room: RoomRef,
    identity: Identity,
    grant: Grant,
    readonly sendRate: SendRatePolicy,
    options: SessionOptions,
  ) {
    super(socket, identity, grant, options);
  }

  get isLive(): boolean {
    return this.catchUp === null && !this.closed;
  }

  /**
   * A room event: timeline events are held while joining and deduplicated by seq; others reach live sessions only;
   * nothing reaches a session whose rights were revoked.
   */
  deliver(frame: EncodedFrame): void {
    if (!this.stillAllowed()) return;
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

  protected override write(frame: EncodedFrame): void {
    if (frame.seq !== undefined) {
      if (frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
    }
    super.write(frame);
  }
}
