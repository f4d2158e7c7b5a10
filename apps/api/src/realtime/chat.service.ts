import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CloseCode, ErrorCode, type ServerFrame, type SystemData } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Environment } from '../config/environment.js';
import { WriterClosedError } from '../messages/message-writer.js';
import { MessagesService } from '../messages/messages.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { ClientSession, encodeFrame } from './client-session.js';
import { Cluster } from './cluster/cluster.js';
import { ConnectionGate } from './connection-gate.js';
import { parseConnectionRequest } from './connection-request.js';
import type { SendMessageDto } from './dto/send-message.dto.js';
import { errorData } from './protocol.exception.js';
import { RoomHub } from './room-hub.js';
import { TokenBucket } from './token-bucket.js';

/** Refusals in a row, as a multiple of the burst, after which a flooding connection is closed. */
const ABUSE_FACTOR = 3;
/** A socket that has not answered a ping within this interval is dead: its name leaves the room. */
const HEARTBEAT_INTERVAL_MS = 30_000;
/**
 * Past this many connections a room is large: join and leave notices are no longer sent to everyone one by one
 * (n joins would cost n² frames), and presence snapshots go out at most once per LARGE_ROOM_PRESENCE_MS.
 */
const LARGE_ROOM = 100;
const LARGE_ROOM_PRESENCE_MS = 1_000;
/** How long shutdown waits for clients to complete the closing handshake. */
const CLOSE_GRACE_MS = 2_000;

/**
 * The rules of a conversation: who may join, what a joiner is sent and in which order, how a message
 * becomes an ack and a broadcast, who is flooding, and how the server says goodbye.
 * The gateway hands every socket event here and sends back what it returns.
 */
@Injectable()
export class ChatService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ChatService.name);
  /** Settles when the socket's join is done (or failed), so frames sent early wait for it. */
  private readonly joins = new WeakMap<WebSocket, Promise<ClientSession | null>>();
  private readonly presenceDue = new Set<string>();
  private readonly maxBufferedBytes: number;
  private readonly rateBurst: number;
  private readonly ratePerSecond: number;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly hub: RoomHub,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly gate: ConnectionGate,
    private readonly cluster: Cluster,
    private readonly metrics: MetricsService,
    config: ConfigService<Environment, true>,
  ) {
    this.maxBufferedBytes = config.get('WS_MAX_BUFFERED_BYTES', { infer: true });
    this.rateBurst = config.get('WS_RATE_BURST', { infer: true });
    this.ratePerSecond = config.get('WS_RATE_PER_SEC', { infer: true });
  }

  onModuleInit(): void {
    this.messages.onStored((stored) => this.cluster.publish(stored));
    this.cluster.onRemoteChange((room, notice) => {
      if (notice && !this.isLarge(room)) this.hub.broadcast(room, { event: 'system', data: notice });
      this.schedulePresence(room);
    });
    this.heartbeat = setInterval(() => this.checkHeartbeats(), HEARTBEAT_INTERVAL_MS).unref();
  }

  connect(socket: WebSocket, request: IncomingMessage): void {
    this.joins.set(socket, this.join(socket, request));
  }

  /** `joined` is passed by a join that failed half-way; otherwise the socket's join is awaited. */
  async disconnect(socket: WebSocket, joined?: ClientSession): Promise<void> {
    const session = joined ?? (await this.joins.get(socket));
    if (!session) return;
    const room = session.room.slug;
    const nameLeftHere = this.hub.remove(session);
    if (this.hub.connectionCount(room) === 0) this.cluster.unwatch(room);
    if (!nameLeftHere || !(await this.cluster.nameLeft(room, session.username))) return;
    const notice: SystemData = { kind: 'leave', username: session.username, at: new Date().toISOString() };
    if (!this.isLarge(room)) this.hub.broadcast(room, { event: 'system', data: notice });
    this.cluster.announce(room, notice);
    this.schedulePresence(room);
  }

  /** Answers a `message` frame with its ack once stored, or with an error frame; never throws. */
  async send(socket: WebSocket, body: SendMessageDto): Promise<ServerFrame | undefined> {
    const session = await this.joins.get(socket);
    if (!session) return undefined;
    if (!session.rateLimit.take()) return this.refuseFlood(session, body.clientId);
    session.refusedInARow = 0;
    this.metrics.messagesReceived.inc();
    const endAckTimer = this.metrics.ackLatency.startTimer();
    try {
      const { message } = await this.messages.post({
        room: session.room,
        username: session.username,
        content: body.content,
        clientId: body.clientId,
      });
      if (body.clientId === undefined) return undefined;
      endAckTimer();
      return { event: 'ack', data: { clientId: body.clientId, id: message.id, seq: message.seq } };
    } catch (error) {
      return error instanceof WriterClosedError
        ? this.errorFrame(ErrorCode.ShuttingDown, error.message, body.clientId)
        : this.errorFrame(ErrorCode.StoreFailed, 'The message could not be stored and was not sent', body.clientId);
    }
  }

  /**
   * SIGTERM: refuse new sockets, let every message already taken be stored and acked (or failed with an error
   * frame), then close every socket with 1001 so clients reconnect elsewhere with `since`.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    this.gate.stopAccepting();
    await this.messages.finishWrites();
    // Acks travel through the gateway's reply pipeline: let them reach the sockets before the close frames.
    await new Promise((resolve) => setImmediate(resolve));
    const sessions = [...this.hub.sessions()];
    const closed = sessions.map((session) => new Promise((resolve) => session.socket.once('close', resolve)));
    sessions.forEach((session) => session.close(CloseCode.GoingAway, 'Server shutting down'));
    await Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref())]);
  }

  private async join(socket: WebSocket, request: IncomingMessage): Promise<ClientSession | null> {
    const parsed = parseConnectionRequest(request.url);
    if (!parsed.valid) {
      socket.close(parsed.closeCode, parsed.reason);
      return null;
    }
    let session: ClientSession | undefined;
    try {
      const room = await this.rooms.open(parsed.room);
      if (socket.readyState !== socket.OPEN) return null;
      session = new ClientSession(
        socket,
        room,
        parsed.username,
        this.maxBufferedBytes,
        new TokenBucket(this.rateBurst, this.ratePerSecond),
        () => this.metrics.slowClientDisconnects.inc(),
      );
      // Watched and registered before the history is read: whatever is stored meanwhile is buffered, not missed.
      await this.cluster.watch(room);
      const isNewName = this.hub.add(session) && (await this.cluster.nameArrived(room.slug, session.username));
      const history = await this.messages.history(room, parsed.since);
      const users = await this.cluster.names(room.slug);
      if (socket.readyState !== socket.OPEN) {
        await this.disconnect(socket, session);
        return null;
      }
      const lastSeq = history.messages.at(-1)?.seq ?? parsed.since ?? 0;
      session.sendDirect(
        encodeFrame({
          event: 'history',
          data: { room: { slug: room.slug, name: room.name }, messages: history.messages, hasMore: history.hasMore },
        }),
      );
      session.sendDirect(encodeFrame({ event: 'presence', data: { users } }));
      if (isNewName) {
        const notice: SystemData = { kind: 'join', username: session.username, at: new Date().toISOString() };
        session.sendDirect(encodeFrame({ event: 'system', data: notice }));
        if (!this.isLarge(room.slug)) {
          this.hub.broadcast(room.slug, { event: 'system', data: notice }, session);
        }
        this.cluster.announce(room.slug, notice);
        this.schedulePresence(room.slug);
      }
      session.goLive(lastSeq);
      return session;
    } catch (error) {
      this.logger.warn(`Join of ${parsed.room} failed: ${(error as Error).message}`);
      if (session) await this.disconnect(socket, session);
      socket.close(CloseCode.InternalError, 'Could not join the room, try again');
      return null;
    }
  }

  private refuseFlood(session: ClientSession, clientId: string | undefined): ServerFrame {
    session.refusedInARow += 1;
    if (session.refusedInARow >= ABUSE_FACTOR * this.rateBurst) {
      session.close(CloseCode.RateLimitAbuse, 'Kept sending over the rate limit');
    }
    return this.errorFrame(
      ErrorCode.RateLimited,
      `Too many messages: at most ${this.rateBurst} at once and ${this.ratePerSecond} per second`,
      clientId,
    );
  }

  /**
   * Presence goes out once per room per event-loop turn however many joins and leaves happened in it (once per
   * second in a large room), so a burst of joins costs one snapshot per member rather than one per join.
   */
  private schedulePresence(room: string): void {
    if (this.presenceDue.has(room)) return;
    this.presenceDue.add(room);
    const send = async () => {
      this.presenceDue.delete(room);
      this.hub.broadcast(room, { event: 'presence', data: { users: await this.cluster.names(room) } });
    };
    if (this.isLarge(room)) setTimeout(() => void send(), LARGE_ROOM_PRESENCE_MS).unref();
    else setImmediate(() => void send());
  }

  private isLarge(room: string): boolean {
    return this.hub.connectionCount(room) > LARGE_ROOM;
  }

  private errorFrame(code: ErrorCode, message: string, clientId: string | undefined): ServerFrame {
    this.metrics.errors.inc({ code });
    return { event: 'error', data: errorData(code, message, clientId) };
  }

  private checkHeartbeats(): void {
    for (const session of this.hub.sessions()) {
      if (!session.answeredPing) {
        session.socket.terminate();
        continue;
      }
      session.answeredPing = false;
      session.socket.ping();
    }
  }
}
