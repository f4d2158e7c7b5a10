import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode, type ReplyRef } from '@parley/contracts';
import { MessageAttachments } from '../../messages/message-attachments.js';
import { AttachmentUnavailableError } from '../../messages/message-draft.js';
import { MessageNotFoundException } from '../../messages/messages.exceptions.js';
import { MessagesService } from '../../messages/messages.service.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import type { SendMessageDto } from '../client-events/send-message.dto.js';
import type { ClientSession } from '../state/client-session.js';
import { SessionFactory } from '../state/session-factory.js';
import { TypingService } from './typing.service.js';
import { replyWriteFailure, takeWriteAllowance } from './write-outcomes.js';

/**
 * A `message` frame's way to the room: the rate rule, the quoted message and the attachments checked, then the store
 * (group commit; a message with attachments alone, as their claim may fail),
 * then the sender's ack; sending ends the sender's typing. The room hears of the commit (RoomAnnouncements) before
 * any sender is answered.
 */
@Injectable()
export class SendService {
  private readonly logger = new Logger(SendService.name);

  constructor(
    private readonly messages: MessagesService,
    private readonly sessions: SessionFactory,
    private readonly metrics: MetricsService,
    private readonly typing: TypingService,
    private readonly attachments: MessageAttachments,
  ) {}

  /** Answers with the ack once stored, or with an error frame; never throws. */
  async send(session: ClientSession, body: SendMessageDto): Promise<void> {
    const { clientId } = body;
    if (!takeWriteAllowance(session, this.sessions.describeRateLimit(), clientId)) return;
    this.typing.stop(session);
    this.metrics.messagesReceived.inc();
    const endAckTimer = this.metrics.ackLatency.startTimer();
    try {
      const replyTo = body.replyTo === undefined ? undefined : await this.quoted(session, body.replyTo);
      if (replyTo === null) {
        session.replyError(ErrorCode.NotFound, 'The message it replies to is not in this room', { clientId });
        return;
      }
      const attachments =
        body.attachments === undefined
          ? undefined
          : await this.attachments.resolve(session.room, session.identity, body.attachments, clientId);
      if (attachments === null) {
        session.replyError(ErrorCode.InvalidAttachment, new AttachmentUnavailableError().message, { clientId });
        return;
      }
      const { message } = await this.messages.post({
        room: session.room,
        sender: session.identity,
        content: body.content,
        clientId,
        replyTo,
        attachments,
      });
      if (clientId === undefined) return;
      endAckTimer();
      session.reply({ event: 'ack', data: { clientId, id: message.id, seq: message.seq } });
    } catch (error) {
      if (error instanceof AttachmentUnavailableError) {
        session.replyError(ErrorCode.InvalidAttachment, error.message, { clientId });
        return;
      }
      replyWriteFailure(session, error, clientId, this.logger);
    }
  }

  /** The message a reply quotes; null when the room has none by that id, or it is deleted. */
  private async quoted(session: ClientSession, id: string): Promise<ReplyRef | null> {
    const target = await this.messages.message(session.room, id).catch((error: unknown) => {
      if (error instanceof MessageNotFoundException) return null;
      throw error;
    });
    return target && !target.deleted ? { id: target.id, seq: target.seq, username: target.username } : null;
  }
}
