import { Injectable, Logger } from '@nestjs/common';
import type { DeleteData, EditData, ReactData } from '@parley/contracts';
import { MembersService } from '../../members/members.service.js';
import type { ChangeAction } from '../../messages/message-draft.js';
import { MessagesService } from '../../messages/messages.service.js';
import type { ClientSession } from '../state/client-session.js';
import { SessionFactory } from '../state/session-factory.js';
import { replyWriteFailure, takeWriteAllowance } from './write-outcomes.js';

/**
 * `edit`, `delete` and `react` frames: each is a change to a message that, when it changes something, takes a seq of
 * the room's log and reaches everyone as `message_updated`. The sender is acked with that seq; a change that changes
 * nothing is acked with the message's current version; a refused one gets its error frame, and nothing changes.
 * Who may do what is decided in the change's own transaction, against the message as it is then.
 */
@Injectable()
export class ChangeService {
  private readonly logger = new Logger(ChangeService.name);

  constructor(
    private readonly messages: MessagesService,
    private readonly members: MembersService,
    private readonly sessions: SessionFactory,
  ) {}

  edit(session: ClientSession, data: EditData): Promise<void> {
    return this.apply(session, data.id, { kind: 'edit', content: data.content }, data.clientId);
  }

  async delete(session: ClientSession, data: DeleteData): Promise<void> {
    const role = await this.members.roleOf(session.room, session.identity.userId);
    return this.apply(session, data.id, { kind: 'delete', role }, data.clientId);
  }

  react(session: ClientSession, data: ReactData): Promise<void> {
    return this.apply(session, data.id, { kind: 'react', emoji: data.emoji, on: data.on }, data.clientId);
  }

  private async apply(
    session: ClientSession,
    messageId: string,
    action: ChangeAction,
    clientId?: string,
  ): Promise<void> {
    if (!takeWriteAllowance(session, this.sessions.describeRateLimit(), clientId)) return;
    try {
      const outcome = await this.messages.change({
        room: session.room,
        sender: session.identity,
        messageId,
        action,
        clientId,
      });
      if (outcome.kind === 'refused') {
        session.replyError(outcome.code, outcome.reason, { clientId });
        return;
      }
      if (clientId === undefined) return;
      const seq = outcome.kind === 'unchanged' ? outcome.message.version : outcome.seq;
      session.reply({ event: 'ack', data: { clientId, id: outcome.message.id, seq } });
    } catch (error) {
      replyWriteFailure(session, error, clientId, this.logger);
    }
  }
}
