import { Identity } from '../../src/identity/identity.js';
import { SendRatePolicy } from '../../src/realtime/policy/send-rate-policy.js';
import { AccessLedger } from '../../src/realtime/state/access-ledger.js';
import { ClientSession, type SessionObserver } from '../../src/realtime/state/client-session.js';
import type { RoomRef } from '../../src/rooms/room-ref.js';
import { roomRef } from './drafts.js';
import { FakeSocket } from './fake-socket.js';

/** Counts what a session reports, so tests can assert on errors and cut-offs. */
export class RecordingObserver implements SessionObserver {
  readonly errors: string[] = [];
  cutOffs = 0;

  errorSent(code: string): void {
    this.errors.push(code);
  }

  cutOff(): void {
    this.cutOffs += 1;
  }
}

export function sessionOn(
  socket: FakeSocket = new FakeSocket(),
  options: {
    room?: RoomRef;
    identity?: Identity;
    maxBufferedBytes?: number;
    sendRate?: SendRatePolicy;
    observer?: SessionObserver;
    /** The instance's ledger; the session's grant is taken from it as it stands now. */
    ledger?: AccessLedger;
  } = {},
): ClientSession {
  const room = options.room ?? roomRef();
  const identity = options.identity ?? Identity.guest('Ali');
  const ledger = options.ledger ?? new AccessLedger();
  return new ClientSession(
    socket.asWebSocket(),
    room,
    identity,
    ledger.grant(identity, room.id, ledger.current),
    options.sendRate ?? new SendRatePolicy(0, 0),
    {
      maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
      observer: options.observer ?? new RecordingObserver(),
      ledger,
    },
  );
}
