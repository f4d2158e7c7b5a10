import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, type ClientEvents } from '@parley/contracts';
import type { RawData, WebSocket } from 'ws';
import { ClientSession } from '../state/client-session.js';
import { Connections } from '../state/connections.js';
import type { SocketWriter } from '../state/socket-writer.js';
import { inBackground } from '../../common/background.js';
import { FrameSink } from '../transport/ports.js';
import { parseClientFrame, type ClientFrameEnvelope } from './frame-parser.js';
import { CLIENT_EVENT_TABLE, type ClientEventHandler, type ClientEventTable } from './client-event-table.js';
import { ProtocolException } from './protocol.exception.js';

/**
 * Every frame a client sends arrives here: it waits for the socket's join, is dropped when the connection's rights
 * were revoked meanwhile (the connection is closed with its code), is parsed, looked up in the event table, validated
 * and handled, and whatever goes wrong is answered with one `error` frame through the session. Frames of one socket
 * are handled in the order they arrived.
 */
@Injectable()
export class ClientEventRouter extends FrameSink {
  private readonly logger = new Logger(ClientEventRouter.name);

  constructor(
    private readonly connections: Connections,
    @Inject(CLIENT_EVENT_TABLE) private readonly table: ClientEventTable,
  ) {
    super();
  }

  route(socket: WebSocket, raw: RawData): void {
    const session = this.connections.sessionOf(socket);
    if (session instanceof Promise) {
      // A join settles, whatever happens in it (a failed one resolves to null): this handles the frame or drops it.
      inBackground(
        session.then((joined) => joined && this.handle(joined, raw)),
        this.logger,
        'A frame sent while joining',
      );
    } else if (session) {
      this.handle(session, raw);
    }
  }

  private handle(session: SocketWriter, raw: RawData): void {
    if (!session.stillAllowed()) return;
    let envelope: ClientFrameEnvelope | undefined;
    try {
      envelope = parseClientFrame(raw);
      if (!(session instanceof ClientSession)) {
        // A user's own stream only listens: the one frame it answers is ping.
        if (envelope.event !== 'ping') throw unknownEvent(envelope.event);
        session.reply({ event: 'pong', data: {} });
        return;
      }
      const handler = this.handlerFor(envelope.event);
      const work = handler.handle(session, handler.validate(envelope.data));
      if (work) session.trackReply(work.catch((error: unknown) => this.refuse(session, error, envelope)));
    } catch (error) {
      this.refuse(session, error, envelope);
    }
  }

  private handlerFor(event: string): ClientEventHandler<keyof ClientEvents> {
    if (!Object.hasOwn(this.table, event)) throw unknownEvent(event);
    return this.table[event as keyof ClientEvents] as ClientEventHandler<keyof ClientEvents>;
  }

  private refuse(session: SocketWriter, error: unknown, envelope: ClientFrameEnvelope | undefined): void {
    const clientId = clientIdOf(envelope);
    if (error instanceof ProtocolException) {
      session.replyError(error.code, error.message, { clientId, retryAfterMs: error.retryAfterMs });
      return;
    }
    this.logger.error(
      `Handling a "${envelope?.event}" frame failed: ${(error as Error).message}`,
      (error as Error).stack,
    );
    session.replyError(ErrorCode.InternalError, 'The server failed to handle this frame', { clientId });
  }
}

function unknownEvent(event: string): ProtocolException {
  return new ProtocolException(ErrorCode.UnknownEvent, `Unknown event "${event.slice(0, 40)}"`);
}

/** The clientId the refused frame carried, so the client can tell which of its messages was refused. */
function clientIdOf(envelope: ClientFrameEnvelope | undefined): string | undefined {
  const data = envelope?.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const { clientId } = data as { clientId?: unknown };
  return typeof clientId === 'string' ? clientId : undefined;
}
