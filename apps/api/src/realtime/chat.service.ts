import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CloseCode, ErrorCode, type ServerFrame } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Environment } from '../config/environment.js';
import { WriterClosedError } from '../messages/message-writer.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { ClientSession, encodeFrame } from './client-session.js';
import { parseConnectionRequest } from './connection-request.js';
import type { SendMessageDto } from './dto/send-message.dto.js';
import { RoomHub } from './room-hub.js';

/**
 * The rules of a conversation: who may join, what a joiner is sent and in which order, how a message
 * becomes an ack and a broadcast. The gateway hands every socket event here and sends back what it returns.
 */
@Injectable()
export class ChatService implements OnModuleDestroy {
  private readonly logger = new Logger(ChatService.name);
  /** Settles when the socket's join is done (or failed), so frames sent early wait for it. */
  private readonly joins = new WeakMap<WebSocket, Promise<ClientSession | null>>();
  private readonly presenceDue = new Set<string>();
  private readonly stopRelaying: () => void;
  private readonly maxBufferedBytes: number;

  constructor(
    private readonly hub: RoomHub,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    config: ConfigService<Environment, true>,
  ) {
    this.maxBufferedBytes = config.get('WS_MAX_BUFFERED_BYTES', { infer: true });
    this.stopRelaying = this.messages.onStored((stored) => this.hub.deliver(stored));
  }

  connect(socket: WebSocket, request: IncomingMessage): void {
    this.joins.set(socket, this.join(socket, request));
  }

  async disconnect(socket: WebSocket): Promise<void> {
    const session = await this.joins.get(socket);
    if (!session || !this.hub.remove(session)) return;
    this.hub.broadcast(session.room.slug, {
      event: 'system',
      data: { kind: 'leave', username: session.username, at: new Date().toISOString() },
    });
    this.schedulePresence(session.room.slug);
  }

  /** Answers a `message` frame with its ack once stored, or with an error frame; never throws. */
  async send(socket: WebSocket, body: SendMessageDto): Promise<ServerFrame | undefined> {
    const session = await this.joins.get(socket);
    if (!session) return undefined;
    try {
      const { message } = await this.messages.post({
        room: session.room,
        username: session.username,
        content: body.content,
        clientId: body.clientId,
      });
      if (body.clientId === undefined) return undefined;
      return { event: 'ack', data: { clientId: body.clientId, id: message.id, seq: message.seq } };
    } catch (error) {
      const shuttingDown = error instanceof WriterClosedError;
      return {
        event: 'error',
        data: {
          code: shuttingDown ? ErrorCode.ShuttingDown : ErrorCode.StoreFailed,
          message: shuttingDown ? (error as Error).message : 'The message could not be stored; it was not sent',
          ...(body.clientId === undefined ? {} : { clientId: body.clientId }),
        },
      };
    }
  }

  onModuleDestroy(): void {
    this.stopRelaying();
  }

  private async join(socket: WebSocket, request: IncomingMessage): Promise<ClientSession | null> {
    const parsed = parseConnectionRequest(request.url);
    if (!parsed.valid) {
      socket.close(parsed.closeCode, parsed.reason);
      return null;
    }
    let session: ClientSession | undefined;
    let isNewName = false;
    try {
      const room = await this.rooms.open(parsed.room);
      if (socket.readyState !== socket.OPEN) return null;
      session = new ClientSession(socket, room, parsed.username, this.maxBufferedBytes);
      // Registered before the history is read: whatever is stored meanwhile is buffered, not missed.
      isNewName = this.hub.add(session);
      const history = await this.messages.history(room, parsed.since);
      if (socket.readyState !== socket.OPEN) {
        this.hub.remove(session);
        return null;
      }
      const lastSeq = history.messages.at(-1)?.seq ?? parsed.since ?? 0;
      session.sendDirect(
        encodeFrame({
          event: 'history',
          data: { room: { slug: room.slug, name: room.name }, messages: history.messages, hasMore: history.hasMore },
        }),
      );
      session.sendDirect(encodeFrame({ event: 'presence', data: { users: this.hub.presence(room.slug) } }));
      if (isNewName) {
        const notice: ServerFrame = {
          event: 'system',
          data: { kind: 'join', username: session.username, at: new Date().toISOString() },
        };
        session.sendDirect(encodeFrame(notice));
        this.hub.broadcast(room.slug, notice, session);
        this.schedulePresence(room.slug);
      }
      session.goLive(lastSeq);
      return session;
    } catch (error) {
      this.logger.warn(`Join of ${parsed.room} failed: ${(error as Error).message}`);
      if (session && this.hub.remove(session) && isNewName) this.schedulePresence(parsed.room);
      socket.close(CloseCode.InternalError, 'Could not join the room, try again');
      return null;
    }
  }

  /**
   * Presence goes out once per room per event-loop turn, however many joins and leaves happened in it,
   * so a burst of joins costs one snapshot per member rather than one per join.
   */
  private schedulePresence(room: string): void {
    if (this.presenceDue.has(room)) return;
    this.presenceDue.add(room);
    setImmediate(() => {
      this.presenceDue.delete(room);
      this.hub.broadcast(room, { event: 'presence', data: { users: this.hub.presence(room) } });
    });
  }
}
