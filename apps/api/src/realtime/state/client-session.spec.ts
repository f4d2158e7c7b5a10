import { CloseCode, ErrorCode, type ChatMessage } from '@parley/contracts';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { chatMessage } from '../../../test/factories/relay.js';
import { RecordingObserver, sessionOn } from '../../../test/factories/sessions.js';
import { encodeFrame, encodeRoomEvent } from './encoded-frame.js';

function messageFrame(seq: number) {
  return encodeRoomEvent({ room: 'general', type: 'message', data: chatMessage(seq) }, seq);
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

  it('drops non-timeline room events offered while joining (the joiner gets a fresh presence instead)', () => {
    const socket = new FakeSocket();
    const session = sessionOn(socket);
    session.deliver(encodeFrame({ event: 'presence', data: { users: ['stale'] } }));
    session.goLive(0);
    expect(socket.sent).toEqual([]);
  });

  it('writes replies and room events through the same bound: a reply past it closes with 4008', () => {
    const socket = new FakeSocket();
    const observer = new RecordingObserver();
    const session = sessionOn(socket, { maxBufferedBytes: 1000, observer });
    session.goLive(0);
    session.deliver(messageFrame(1));
    socket.bufferedAmount = 990;
    session.reply({ event: 'ack', data: { clientId: 'c1', id: 'm1', seq: 1 } });
    expect(socket.frames().map((frame) => frame.event)).toEqual(['message']);
    expect(socket.closedWith?.code).toBe(CloseCode.SlowConsumer);
    expect(observer.cutOffs).toBe(1);
  });

  it('does not count a turn of corked frames against the bound: a batch larger than it reaches a reading client', async () => {
    const socket = new FakeSocket().withTransport();
    const observer = new RecordingObserver();
    const session = sessionOn(socket, { maxBufferedBytes: 1000, observer });
    session.goLive(0);
    const batch = Array.from({ length: 40 }, (_, i) => messageFrame(i + 1));
    expect(batch.reduce((bytes, frame) => bytes + frame.payload.length, 0)).toBeGreaterThan(1000);
    batch.forEach((frame) => session.deliver(frame));
    await new Promise((resolve) => process.nextTick(resolve));
    session.deliver(messageFrame(41));
    expect(seqsSent(socket)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(socket.closedWith).toBeNull();
    expect(observer.cutOffs).toBe(0);
  });

  it('cuts off at the next turn a client that left more than the bound unread', async () => {
    const socket = new FakeSocket().withTransport();
    socket._socket!.unread = Number.POSITIVE_INFINITY;
    const observer = new RecordingObserver();
    const session = sessionOn(socket, { maxBufferedBytes: 1000, observer });
    session.goLive(0);
    Array.from({ length: 40 }, (_, i) => session.deliver(messageFrame(i + 1)));
    await new Promise((resolve) => process.nextTick(resolve));
    session.deliver(messageFrame(41));
    expect(seqsSent(socket)).toHaveLength(40);
    expect(socket.closedWith?.code).toBe(CloseCode.SlowConsumer);
    expect(observer.cutOffs).toBe(1);
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

  it('writes the replies of work in progress before a close asked for meanwhile', async () => {
    const socket = new FakeSocket();
    const session = sessionOn(socket);
    session.goLive(0);
    let finishStore!: () => void;
    const storing = new Promise<void>((resolve) => (finishStore = resolve)).then(() =>
      session.reply({ event: 'ack', data: { clientId: 'c1', id: 'm1', seq: 1 } }),
    );
    session.trackReply(storing);
    session.replyError(ErrorCode.RateLimited, 'slow down', { clientId: 'c2', retryAfterMs: 100 });
    session.close(CloseCode.RateLimitAbuse, 'flooding');
    expect(session.takesFrames).toBe(false);
    expect(socket.closedWith).toBeNull();
    finishStore();
    await storing;
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.frames().map((frame) => frame.event)).toEqual(['error', 'ack']);
    expect(socket.frames()[0].data).toEqual({
      code: 'RATE_LIMITED',
      message: 'slow down',
      clientId: 'c2',
      retryAfterMs: 100,
    });
    expect(socket.closedWith?.code).toBe(CloseCode.RateLimitAbuse);
  });

  it('closes at once when nothing is in progress, and sends nothing after', () => {
    const socket = new FakeSocket();
    const session = sessionOn(socket);
    session.goLive(0);
    session.close(CloseCode.GoingAway, 'bye');
    expect(socket.closedWith?.code).toBe(CloseCode.GoingAway);
    socket.readyState = 1;
    session.deliver(messageFrame(1));
    session.reply({ event: 'pong', data: {} });
    expect(socket.sent).toEqual([]);
  });
});
