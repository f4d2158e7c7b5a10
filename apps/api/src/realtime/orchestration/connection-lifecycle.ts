import { Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { CloseCode } from '@parley/contracts';
import type { Environment } from '../../config/environment.js';
import { MessagesService } from '../../messages/messages.service.js';
import { Connections } from '../state/connections.js';
import { ConnectionGate } from './admission/connection-gate.js';
import { Departures } from './departures.js';

/** A socket that has not answered a ping within this interval is dead: its person leaves the room. */
export const HEARTBEAT_INTERVAL_MS = 30_000;
/** How long shutdown waits for clients to complete the closing handshake. */
const CLOSE_GRACE_MS = 2_000;

/** Connections over time: the heartbeat that finds dead ones, and the orderly goodbye on shutdown. */
@Injectable()
export class ConnectionLifecycle implements OnModuleInit, BeforeApplicationShutdown {
  private heartbeat?: NodeJS.Timeout;
  private readonly shutdownTimeoutMs: number;

  constructor(
    private readonly connections: Connections,
    private readonly gate: ConnectionGate,
    private readonly messages: MessagesService,
    private readonly departures: Departures,
    config: ConfigService<Environment, true>,
  ) {
    this.shutdownTimeoutMs = config.get('SHUTDOWN_TIMEOUT_MS', { infer: true });
  }

  onModuleInit(): void {
    this.heartbeat = setInterval(() => this.checkHeartbeats(), HEARTBEAT_INTERVAL_MS).unref();
  }

  /**
   * SIGTERM: refuse new sockets, let every message already taken be stored and acked (or failed with an error
   * frame) within the shutdown timeout, then close every socket with 1001 so clients reconnect elsewhere with
   * `since`, and take everyone still here out of presence, so other instances say they left.
   */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    this.gate.stopAccepting();
    await this.messages.finishWrites(this.shutdownTimeoutMs);
    await within(this.shutdownTimeoutMs, Promise.allSettled(this.connections.pendingJoins()));
    const sessions = [...this.connections.all()];
    const closed = sessions.map((session) => new Promise((resolve) => session.socket.once('close', resolve)));
    sessions.forEach((session) => session.close(CloseCode.GoingAway, 'Server shutting down'));
    await within(CLOSE_GRACE_MS, Promise.all(closed));
    await Promise.all(sessions.map((session) => this.departures.depart(session)));
  }

  private checkHeartbeats(): void {
    for (const session of this.connections.all()) {
      if (!session.answeredPing) {
        session.socket.terminate();
        continue;
      }
      session.answeredPing = false;
      session.socket.ping();
    }
  }
}

function within(ms: number, work: Promise<unknown>): Promise<unknown> {
  return Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}
