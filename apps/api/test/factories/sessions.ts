import { ClientSession } from '../../src/realtime/client-session.js';
import { TokenBucket } from '../../src/realtime/token-bucket.js';
import type { RoomRef } from '../../src/rooms/rooms.service.js';
import { roomRef } from './drafts.js';
import { FakeSocket } from './fake-socket.js';

export function sessionOn(
  socket: FakeSocket = new FakeSocket(),
  options: { room?: RoomRef; username?: string; maxBufferedBytes?: number } = {},
): ClientSession {
  return new ClientSession(
    socket.asWebSocket(),
    options.room ?? roomRef(),
    options.username ?? 'Ali',
    options.maxBufferedBytes ?? 1024 * 1024,
    new TokenBucket(0, 0),
  );
}
