import { CloseCode, type ChatMessage } from '@parley/contracts';
import { FakeSocket } from '../../test/factories/fake-socket.js';
import { sessionOn } from '../../test/factories/sessions.js';
import { encodeFrame } from './client-session.js';

function messageFrame(seq: number) {
  const message: ChatMessage = {
    id: `m${seq}`,
    seq,
    room: 'general',
    username: 'Ali',
    content: `#${seq}`,
    createdAt: new Date(0).toISOString(),
  };
  return encodeFrame({ event: 'message', data: message });
}

const seqsSent = (socket: FakeSocket) =>
  socket.frames().flatMap((frame) => (frame.event === 'message' ? [(frame.data as ChatMessage).seq] : []));

describe('ClientSession', () => {
  it('holds live messages while joining and releases only those newer than its history', () => {
    const socket = new FakeSocket();
    const session = sessionOn(socket);
    [3, 4, 5].forEach((seq) => session.deliver(messageFrame(seq)));
    expect(socket.sent).toEqual([]);
    session.goLive(4);
    expect(seqsSent(socket)).toEqual([5]);
  });

  it('never sends a seq twice or out of order once live', () => {
    const socket = new FakeSocket();
    const session = sessionOn(socket);
    session.goLive(0);
    [1, 2, 2, 1, 3].forEach((seq) => session.deliver(messageFrame(seq)));
    expect(seqsSent(socket)).toEqual([1, 2, 3]);
  });

  it('drops non-message frames offered while joining (the joiner gets a fresh presence instead)', () => {
    const socket = new FakeSocket();
    const session = sessionOn(socket);
    session.deliver(encodeFrame({ event: 'presence', data: { users: ['stale'] } }));
    session.goLive(0);
    expect(socket.sent).toEqual([]);
  });

  it('closes with 4008 instead of queueing past the buffered-bytes bound', () => {
    const socket = new FakeSocket();
    const session = sessionOn(socket, { maxBufferedBytes: 1000 });
    session.goLive(0);
    session.deliver(messageFrame(1));
    socket.bufferedAmount = 990;
    session.deliver(messageFrame(2));
    expect(seqsSent(socket)).toEqual([1]);
    expect(socket.closedWith?.code).toBe(CloseCode.SlowConsumer);
  });

  it('has no bound when configured with 0', () => {
    const socket = new FakeSocket();
    const session = sessionOn(socket, { maxBufferedBytes: 0 });
    session.goLive(0);
    socket.bufferedAmount = 10 ** 9;
    session.deliver(messageFrame(1));
    expect(seqsSent(socket)).toEqual([1]);
    expect(socket.closedWith).toBeNull();
  });

  it('sends nothing after it was closed', () => {
    const socket = new FakeSocket();
    const session = sessionOn(socket);
    session.goLive(0);
    session.close(CloseCode.GoingAway, 'bye');
    socket.readyState = 1;
    session.deliver(messageFrame(1));
    expect(socket.sent).toEqual([]);
  });
});
