import type { EncodedFrame } from './encoded-frame.js';
import { SocketWriter } from './socket-writer.js';

/** A signed-in user's own stream (`/ws/~me`): what changes in their rooms, written through the same bounded writer. */
export class UserStream extends SocketWriter {
  /** A frame encoded once for every stream of the user; none once its session was revoked. */
  deliver(frame: EncodedFrame): void {
    if (this.stillAllowed()) this.write(frame);
  }
}
