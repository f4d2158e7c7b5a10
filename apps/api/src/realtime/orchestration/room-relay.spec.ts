import type { ChatMessage, RoomEvent } from '@parley/contracts';
import { roomRef } from '../../../test/factories/drafts.js';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { chatMessage, relayUnderTest } from '../../../test/factories/relay.js';
import { sessionOn } from '../../../test/factories/sessions.js';
import { Identity } from '../../identity/identity.js';
import { LARGE_ROOM } from '../policy/large-room.js';
import { GAP_GRACE_MS } from '../state/room-sequencer.js';

const room = roomRef();
const message = (seq: number): RoomEvent => ({ room: room.slug, type: 'message', data: chatMessage(seq) });
const join = (username: string): RoomEvent => ({
  room: room.slug,
  type: 'system',
  data: { kind: 'join', username, at: new Date(0).toISOString() },
});

async function withLiveSession(setUp: ReturnType<typeof relayUnderTest>, name = 'Ali') {
  const socket = new FakeSocket();
  const session = sessionOn(socket, { room, identity: Identity.guest(name) });
  await setUp.relay.watch(room);
  setUp.hub.add(session);
  session.goLive(0);
  return socket;
}

const seqsOf = (socket: FakeSocket) =>
  socket.frames().flatMap((frame) => (frame.event === 'message' ? [(frame.data as ChatMessage).seq] : []));

describe('RoomRelay', () => {
  it('delivers an event here and publishes it to the other instances when its rule says cluster', async () => {
    const setUp = relayUnderTest();
    const socket = await withLiveSession(setUp);
    setUp.relay.emit(message(1), join('Bea'));
    expect(socket.frames().map((frame) => frame.event)).toEqual(['message', 'system']);
    expect(setUp.cluster.published.map((event) => event.type)).toEqual(['message', 'system']);
  });

  it('keeps instance-scoped events on this instance', async () => {
    const setUp = relayUnderTest();
    const socket = await withLiveSession(setUp);
    setUp.relay.emit({ room: room.slug, type: 'presence', data: { users: ['Ali'] } });
    expect(socket.frames()).toEqual([{ event: 'presence', data: { users: ['Ali'] } }]);
    expect(setUp.cluster.published).toEqual([]);
  });

  it('puts timeline events from other instances in seq order, filling a gap from the log', async () => {
    const setUp = relayUnderTest();
    const socket = await withLiveSession(setUp);
    setUp.log.messages.set(
      room.slug,
      [1, 2, 3, 4].map((seq) => chatMessage(seq)),
    );
    setUp.cluster.receive(message(2));
    setUp.cluster.receive(message(1));
    setUp.cluster.receive(message(4));
    await new Promise((resolve) => setTimeout(resolve, GAP_GRACE_MS + 30));
    expect(seqsOf(socket)).toEqual([1, 2, 3, 4]);
  });

  it('emits room.<type> for every event delivered here, from any instance, also where a large room stays quiet', async () => {
    const setUp = relayUnderTest();
    const sockets = [];
    for (let i = 0; i <= LARGE_ROOM; i++) sockets.push(await withLiveSession(setUp, `P${i}`));
    setUp.cluster.receive(join('Remote'));
    setUp.relay.emit(join('Local'));
    const seen = setUp.emitted
      .filter(({ name }) => name === 'room.system')
      .map(({ payload }) => (payload as { data: { username: string } }).data.username);
    expect(seen).toEqual(['Remote', 'Local']);
    expect(sockets[0].frames()).toEqual([]);
  });

  it('stops delivering timeline events once the last watcher released the room', async () => {
    const setUp = relayUnderTest();
    const socket = await withLiveSession(setUp);
    await setUp.relay.watch(room);
    setUp.relay.release(room.slug);
    setUp.relay.emit(message(1));
    await Promise.resolve();
    expect(seqsOf(socket)).toEqual([1]);
    setUp.relay.release(room.slug);
    setUp.relay.emit(message(2));
    await Promise.resolve();
    expect(seqsOf(socket)).toEqual([1]);
  });
});
