import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CloseCode, ErrorCode } from '@parley/contracts';
import { isDatabaseFailure } from '../../database/database-errors.js';
import { WriterClosedError } from '../../messages/message-writer.js';
import { MessagesService } from '../../messages/messages.service.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import type { SendMessageDto } from '../client-events/send-message.dto.js';
import type { ClientSession } from '../state/client-session.js';
import { SessionFactory } from '../state/session-factory.js';
import { RoomRelay } from './room-relay.js';
import { TypingService } from './typing.service.js';

/**
 * A `message` frame's way to the room: the rate rule, then the store (group commit), then the sender's ack; sending
 * ends the sender's typing. The room hears of each committed batch from here, before any of its senders is answered.
 */
@Injectable()
export class SendService implements OnModuleInit {
  private readonly logger = new Logger(SendService.name);

  constructor(
    private readonly messages: MessagesService,
    private readonly relay: RoomRelay,
    private readonly sessions: SessionFactory,
    private readonly metrics: MetricsService,
    private readonly typing: TypingService,
  ) {}

  onModuleInit(): void {
    this.messages.onStored((stored) =>
      this.relay.emit(...stored.map((message) => ({ room: message.room, type: 'message' as const, data: message }))),
    );
  }

  /** Answers with the ack once stored, or with an error frame; never throws. */
  async send(session: ClientSession, body: SendMessageDto): Promise<void> {
    const { clientId } = body;
    const verdict = session.sendRate.take();
    if (!verdict.accepted) {
      session.replyError(ErrorCode.RateLimited, `Too many messages: ${this.sessions.describeRateLimit()}`, {
        clientId,
        retryAfterMs: verdict.retryAfterMs,
      });
      if (verdict.flooding) session.close(CloseCode.RateLimitAbuse, 'Kept sending over the rate limit');
      return;
    }
    this.typing.stop(session);
    this.metrics.messagesReceived.inc();
    const endAckTimer = this.metrics.ackLatency.startTimer();
    try {
      const { message } = await this.messages.post({
        room: session.room,
        sender: session.identity,
        content: body.content,
        clientId,
      });
      if (clientId === undefined) return;
      endAckTimer();
      session.reply({ event: 'ack', data: { clientId, id: message.id, seq: message.seq } });
    } catch (error) {
      if (error instanceof WriterClosedError) {
        session.replyError(ErrorCode.ShuttingDown, error.message, { clientId });
      } else if (isDatabaseFailure(error)) {
        session.replyError(ErrorCode.StoreFailed, 'The message could not be stored and was not sent', { clientId });
      } else {
        this.logger.error(`Sending failed: ${(error as Error).message}`, (error as Error).stack);
        session.replyError(ErrorCode.InternalError, 'The server failed to handle the message; it was not sent', {
          clientId,
        });
      }
    }
  }
}
