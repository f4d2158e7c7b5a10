import { CloseCode, ErrorCode } from '@parley/contracts';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { chatMessage } from '../../../test/factories/relay.js';
import { sessionOn } from '../../../test/factories/sessions.js';
import { Identity } from '../../identity/identity.js';
import type { MembersService } from '../../members/members.service.js';
import type { ChangeDraft, ChangeOutcome } from '../../messages/message-draft.js';
import type { MessagesService } from '../../messages/messages.service.js';
import { SendRatePolicy } from '../policy/send-rate-policy.js';
import type { SessionFactory } from '../state/session-factory.js';
import { ChangeService } from './change.service.js';

/** The changes the writer was given, answered as the test says. */
class FakeChanges implements Pick<MessagesService, 'change'> {
  readonly taken: ChangeDraft[] = [];
  outcome: ChangeOutcome = { kind: 'changed', seq: 9, message: chatMessage(1, { version: 9 }) };

  async change(change: ChangeDraft): Promise<ChangeOutcome> {
    this.taken.push(change);
    return this.outcome;
  }
}

function setUp(options: { role?: 'owner' | 'member' | null; sendRate?: SendRatePolicy } = {}) {
  const changes = new FakeChanges();
  const members = { roleOf: async () => options.role ?? null } as unknown as MembersService;
  const service = new ChangeService(changes as unknown as MessagesService, members, {
    describeRateLimit: () => 'at most 1 at once',
  } as SessionFactory);
  const socket = new FakeSocket();
  const session = sessionOn(socket, {
    identity: Identity.user('u-ali', 'ali', 's-1'),
    sendRate: options.sendRate ?? new SendRatePolicy(0, 0),
  });
  session.goLive(0);
  return { changes, service, socket, session };
}

describe('ChangeService', () => {
  it('hands an edit to the log as the connection’s person and acks it with the seq it took', async () => {
    const { changes, service, socket, session } = setUp();
    await service.edit(session, { id: 'm1', content: 'better', clientId: 'e1' });
    expect(changes.taken).toEqual([
      expect.objectContaining({
        sender: session.identity,
        messageId: 'm1',
        action: { kind: 'edit', content: 'better' },
      }),
    ]);
    expect(socket.frames()).toEqual([{ event: 'ack', data: { clientId: 'e1', id: 'm1', seq: 9 } }]);
  });

  it('decides a delete with the actor’s role in the room as it stands when the frame is taken', async () => {
    const { changes, service, session } = setUp({ role: 'owner' });
    await service.delete(session, { id: 'm1', clientId: 'd1' });
    expect(changes.taken[0].action).toEqual({ kind: 'delete', role: 'owner' });
  });

  it('acks a change that changed nothing with the message’s current version', async () => {
    const { changes, service, socket, session } = setUp();
    changes.outcome = { kind: 'unchanged', message: chatMessage(1, { version: 4 }) };
    await service.react(session, { id: 'm1', emoji: '👍', on: true, clientId: 'r1' });
    expect(socket.frames()).toEqual([{ event: 'ack', data: { clientId: 'r1', id: 'm1', seq: 4 } }]);
  });

  it('answers a refusal of the room policy with its code and reason, and nothing else', async () => {
    const { changes, service, socket, session } = setUp();
    changes.outcome = {
      kind: 'refused',
      code: ErrorCode.Forbidden,
      reason: 'Only its sender, signed in, can edit a message',
    };
    await service.edit(session, { id: 'm1', content: 'not mine', clientId: 'e2' });
    expect(socket.frames()).toEqual([
      {
        event: 'error',
        data: { code: ErrorCode.Forbidden, message: 'Only its sender, signed in, can edit a message', clientId: 'e2' },
      },
    ]);
  });

  it('refuses a change over the rate limit before it reaches the log, and closes a flooder with 4030', async () => {
    let now = 0;
    const { changes, service, socket, session } = setUp({ sendRate: new SendRatePolicy(1, 1, () => now) });
    for (; now <= 12_000; now += 100)
      await service.react(session, { id: 'm1', emoji: '👍', on: true, clientId: `r${now}` });
    expect(changes.taken.length).toBeLessThan(20);
    expect(socket.closedWith?.code).toBe(CloseCode.RateLimitAbuse);
  });
});
