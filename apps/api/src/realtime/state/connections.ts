import { Injectable } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { ClientSession } from './client-session.js';
import type { SocketWriter } from './socket-writer.js';

/**
 * Every open socket of this instance and its session (a room's, or a user's own stream): a promise while the socket
 * is joining (frames that arrive meanwhile wait on it, in order), the session itself once joined, null when the
 * join failed.
 */
@Injectable()
export class Connections {
  private readonly joining = new Map<WebSocket, Promise<SocketWriter | null>>();
  private readonly joined = new Map<WebSocket, SocketWriter>();

  /** `join` never rejects: a join that fails closes its socket and resolves to null. */
  add(socket: WebSocket, join: Promise<SocketWriter | null>): void {
    this.joining.set(socket, join);
    const settled = (session: SocketWriter | null) => {
      if (!this.joining.has(socket)) return;
      this.joining.delete(socket);
      if (session) this.joined.set(socket, session);
    };
    join.then(settled, () => settled(null));
  }

  /** The socket's session, or the join that will settle it; undefined for a socket this instance does not hold. */
  sessionOf(socket: WebSocket): SocketWriter | Promise<SocketWriter | null> | undefined {
    return this.joined.get(socket) ?? this.joining.get(socket);
  }

  /** Forgets the socket; resolves to its session once its join settled. */
  async remove(socket: WebSocket): Promise<SocketWriter | null> {
    const session = this.sessionOf(socket);
    this.joining.delete(socket);
    this.joined.delete(socket);
    return (await session) ?? null;
  }

  /** Joins still in progress, for shutdown to wait on. */
  pendingJoins(): Array<Promise<SocketWriter | null>> {
    return [...this.joining.values()];
  }

  /** Every joined socket: room sessions and user streams. */
  all(): IterableIterator<SocketWriter> {
    return this.joined.values();
  }

  *roomSessions(): Generator<ClientSession> {
    for (const session of this.joined.values()) if (session instanceof ClientSession) yield session;
  }
}
