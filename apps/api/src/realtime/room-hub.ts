import { Injectable } from '@nestjs/common';
import type { ChatMessage, ServerFrame } from '@parley/contracts';
import type { WebSocket } from 'ws';
import { MetricsService } from '../metrics/metrics.service.js';
import { encodeFrame, type ClientSession, type EncodedFrame } from './client-session.js';

interface LocalRoom {
  sessions: Set<ClientSession>;
  /** Connections per name: a name is present while it has at least one. */
  connectionsByName: Map<string, number>;
}

/** This process's connections, grouped by room; fan-out serialises each frame once, whatever the audience. */
@Injectable()
export class RoomHub {
  private readonly rooms = new Map<string, LocalRoom>();
  private readonly sessionsBySocket = new Map<WebSocket, ClientSession>();

  constructor(private readonly metrics: MetricsService) {}

  /** Returns whether the name is new in the room (its first connection). */
  add(session: ClientSession): boolean {
    let room = this.rooms.get(session.room.slug);
    if (!room) {
      room = { sessions: new Set(), connectionsByName: new Map() };
      this.rooms.set(session.room.slug, room);
      this.metrics.rooms.inc();
    }
    room.sessions.add(session);
    this.sessionsBySocket.set(session.socket, session);
    this.metrics.connections.inc();
    const connections = (room.connectionsByName.get(session.username) ?? 0) + 1;
    room.connectionsByName.set(session.username, connections);
    return connections === 1;
  }

  /** Returns whether the name left the room (its last connection closed); false when the session was not here. */
  remove(session: ClientSession): boolean {
    const room = this.rooms.get(session.room.slug);
    if (!room || !room.sessions.delete(session)) return false;
    this.sessionsBySocket.delete(session.socket);
    this.metrics.connections.dec();
    const connections = (room.connectionsByName.get(session.username) ?? 1) - 1;
    if (connections > 0) {
      room.connectionsByName.set(session.username, connections);
      return false;
    }
    room.connectionsByName.delete(session.username);
    if (room.sessions.size === 0) {
      this.rooms.delete(session.room.slug);
      this.metrics.rooms.dec();
    }
    return true;
  }

  connectionCount(room: string): number {
    return this.rooms.get(room)?.sessions.size ?? 0;
  }

  presence(room: string): string[] {
    return [...(this.rooms.get(room)?.connectionsByName.keys() ?? [])];
  }

  /** Frames every live session of the room receives; `except` is left out (it was told directly). */
  broadcast(room: string, frame: ServerFrame, except?: ClientSession): void {
    const sessions = this.rooms.get(room)?.sessions;
    if (!sessions) return;
    const encoded = encodeFrame(frame);
    for (const session of sessions) {
      if (session !== except && session.isLive) session.sendDirect(encoded);
    }
  }

  /** Stored messages, in seq order, to every session of their room, including those still catching up. */
  deliver(messages: readonly ChatMessage[]): void {
    let deliveries = 0;
    for (const message of messages) {
      const sessions = this.rooms.get(message.room)?.sessions;
      if (!sessions) continue;
      const encoded: EncodedFrame = encodeFrame({ event: 'message', data: message });
      for (const session of sessions) session.deliver(encoded);
      deliveries += sessions.size;
    }
    this.metrics.messagesDelivered.inc(deliveries);
  }

  sessions(): IterableIterator<ClientSession> {
    return this.sessionsBySocket.values();
  }
}
