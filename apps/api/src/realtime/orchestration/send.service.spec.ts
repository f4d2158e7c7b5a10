import { CloseCode, ErrorCode } from '@parley/contracts';
import { draft } from '../../../test/factories/drafts.js';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { chatMessage, relayUnderTest } from '../../../test/factories/relay.js';
import { sessionOn } from '../../../test/factories/sessions.js';
import { WriterClosedError } from '../../messages/message-writer.js';
import type { MessageDraft, StoredMessage } from '../../messages/message-draft.js';
import type { MessagesService } from '../../messages/messages.service.js';
import { SendRatePolicy } from '../policy/send-rate-policy.js';
import type { SessionFactory } from '../state/session-factory.js';
import { SendService } from './send.service.js';
import { TypingService } from './typing.service.js';

/** The part of MessagesService that sending uses: `post` answers as the test says. */
class FakeMessages implements Pick<MessagesService, 'post'> {
  readonly posted: MessageDraft[] = [];
  outcome: (draft: MessageDraft) => Promise<StoredMessage> = async (posted) => ({
    message: chatMessage(this.posted.length, { content: posted.content, clientId: posted.clientId }),
    duplicate: false,
  });

  post(posted: MessageDraft): Promise<StoredMessage> {
    this.posted.push(posted);
    return this.outcome(posted);
  }
}

const describingRules: Pick<SessionFactory, 'describeRateLimit'> = { describeRateLimit: () => 'at most 1 at once' };

function setUp(sendRate = new SendRatePolicy(0, 0)) {
  const messages = new FakeMessages();
  const { relay, metrics, hub } = relayUnderTest();
  const sending = new SendService(
    messages as unknown as MessagesService,
    describingRules as SessionFactory,
    metrics,
    new TypingService(hub, relay),
  );
  const socket = new FakeSocket();
  const session = sessionOn(socket, { sendRate });
  session.goLive(0);
  return { messages, sending, socket, session };
}

describe('SendService', () => {
  it('stores the message as the connection’s person and acks it', async () => {
    const { messages, sending, socket, session } = setUp();
    await sending.send(session, { content: 'Hello!', clientId: 'c1' });
    expect(messages.posted).toEqual([expect.objectContaining({ sender: session.identity, content: 'Hello!' })]);
    expect(socket.frames()).toEqual([{ event: 'ack', data: { clientId: 'c1', id: 'm1', seq: 1 } }]);
  });

  it('refuses over the rate with RATE_LIMITED and when to retry, storing nothing', async () => {
    const { messages, sending, socket, session } = setUp(new SendRatePolicy(1, 1));
    await sending.send(session, { content: 'one', clientId: 'c1' });
    await sending.send(session, { content: 'two', clientId: 'c2' });
    expect(messages.posted).toHaveLength(1);
    expect(socket.frames()[1]).toEqual({
      event: 'error',
      data: { code: ErrorCode.RateLimited, message: expect.any(String), clientId: 'c2', retryAfterMs: 1000 },
    });
    expect(socket.closedWith).toBeNull();
  });

  it.each([
    [
      'the database failed',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      ErrorCode.StoreFailed,
    ],
    ['the server is stopping', new WriterClosedError(), ErrorCode.ShuttingDown],
    [
      'the code has a bug',
      new TypeError("Cannot read properties of undefined (reading 'seq')"),
      ErrorCode.InternalError,
    ],
  ])('answers with the code that says %s', async (_reason, failure, code) => {
    const { messages, sending, socket, session } = setUp();
    messages.outcome = () => Promise.reject(failure);
    await sending.send(session, { content: draft().content, clientId: 'c1' });
    expect(socket.frames()).toEqual([{ event: 'error', data: expect.objectContaining({ code, clientId: 'c1' }) }]);
  });

  it('closes a flooder with 4030 only after the refusal that ended it was written', async () => {
    let now = 0;
    const { sending, socket, session } = setUp(new SendRatePolicy(1, 1, () => now));
    for (; now <= 12_000; now += 100) await sending.send(session, { content: 'spam', clientId: `c${now}` });
    expect(socket.closedWith?.code).toBe(CloseCode.RateLimitAbuse);
    expect(socket.frames().at(-1)).toMatchObject({ event: 'error', data: { code: ErrorCode.RateLimited } });
  });
});
