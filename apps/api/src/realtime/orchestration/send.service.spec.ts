import { CloseCode, ErrorCode } from '@parley/contracts';
import { draft } from '../../../test/factories/drafts.js';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { chatMessage, relayUnderTest } from '../../../test/factories/relay.js';
import { sessionOn } from '../../../test/factories/sessions.js';
import { WriterClosedError } from '../../messages/message-writer.js';
import type { MessageAttachments } from '../../messages/message-attachments.js';
import { AttachmentUnavailableError, type MessageDraft, type StoredMessage } from '../../messages/message-draft.js';
import type { StoredAttachment } from '../../messages/message.entity.js';
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

/** Uploads by id, as the database would hold them for this sender and room; any other id does not resolve. */
class FakeAttachments implements Pick<MessageAttachments, 'resolve'> {
  readonly uploads = new Map<string, StoredAttachment>();

  async resolve(_room: unknown, _sender: unknown, ids: readonly string[]): Promise<StoredAttachment[] | null> {
    const found = ids.map((id) => this.uploads.get(id));
    return found.every((upload) => upload !== undefined) ? (found as StoredAttachment[]) : null;
  }
}

/** An upload of the sender's to this room. */
const pdfUpload = (id: string): StoredAttachment => ({
  id,
  name: `${id}.pdf`,
  size: 1,
  contentType: 'application/pdf',
  thumbnail: false,
});

const describingRules: Pick<SessionFactory, 'describeRateLimit'> = { describeRateLimit: () => 'at most 1 at once' };

function setUp(sendRate = new SendRatePolicy(0, 0)) {
  const messages = new FakeMessages();
  const attachments = new FakeAttachments();
  const { relay, metrics, hub } = relayUnderTest();
  const sending = new SendService(
    messages as unknown as MessagesService,
    describingRules as SessionFactory,
    metrics,
    new TypingService(hub, relay),
    attachments as unknown as MessageAttachments,
  );
  const socket = new FakeSocket();
  const session = sessionOn(socket, { sendRate });
  session.goLive(0);
  return { messages, attachments, sending, socket, session };
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

  it('sends the files named, in the order named, with the message', async () => {
    const { messages, attachments, sending, session } = setUp();
    attachments.uploads.set('u1', pdfUpload('u1')).set('u2', pdfUpload('u2'));
    await sending.send(session, { content: '', clientId: 'c1', attachments: ['u2', 'u1'] });
    expect(messages.posted[0].attachments).toEqual([pdfUpload('u2'), pdfUpload('u1')]);
  });

  it('refuses with INVALID_ATTACHMENT, storing nothing, when a file is not the sender’s to use', async () => {
    const { messages, attachments, sending, socket, session } = setUp();
    attachments.uploads.set('u1', pdfUpload('u1'));
    await sending.send(session, { content: 'see', clientId: 'c1', attachments: ['u1', 'someone-elses'] });
    expect(messages.posted).toEqual([]);
    expect(socket.frames()).toEqual([
      { event: 'error', data: expect.objectContaining({ code: ErrorCode.InvalidAttachment, clientId: 'c1' }) },
    ]);
  });

  it('answers INVALID_ATTACHMENT when another message claimed a file first', async () => {
    const { messages, attachments, sending, socket, session } = setUp();
    attachments.uploads.set('u1', pdfUpload('u1'));
    messages.outcome = () => Promise.reject(new AttachmentUnavailableError());
    await sending.send(session, { content: '', clientId: 'c1', attachments: ['u1'] });
    expect(socket.frames()).toEqual([
      { event: 'error', data: expect.objectContaining({ code: ErrorCode.InvalidAttachment, clientId: 'c1' }) },
    ]);
  });

  it('closes a flooder with 4030 only after the refusal that ended it was written', async () => {
    let now = 0;
    const { sending, socket, session } = setUp(new SendRatePolicy(1, 1, () => now));
    for (; now <= 12_000; now += 100) await sending.send(session, { content: 'spam', clientId: `c${now}` });
    expect(socket.closedWith?.code).toBe(CloseCode.RateLimitAbuse);
    expect(socket.frames().at(-1)).toMatchObject({ event: 'error', data: { code: ErrorCode.RateLimited } });
  });
});
