import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { LIMITS, WS_PATH_PREFIX } from '@parley/contracts';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { FrameSink, UpgradeGate, type UpgradeRefusal } from './ports.js';

/**
 * Nest's WsAdapter, changed where Parley's protocol differs: rooms live under the path (`/ws/<room>`, where the
 * stock adapter matches only the exact path), each upgrade passes the UpgradeGate first and holds the slot it was
 * given until its connection closes, frames over the size limit close with 1009, and every frame goes straight to
 * the FrameSink, which answers through the connection's session: no per-frame rxjs pipeline, and no second way for a
 * reply to reach the socket.
 */
export class ParleyWsAdapter extends WsAdapter {
  private upgradeListener?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  private readonly gate: UpgradeGate;
  private readonly frames: FrameSink;

  constructor(app: INestApplicationContext) {
    super(app);
    this.gate = app.get(UpgradeGate);
    this.frames = app.get(FrameSink);
  }

  override create(port: number, options: Record<string, unknown> & { path?: string } = {}): WebSocketServer {
    return super.create(port, { ...options, maxPayload: LIMITS.frameMaxBytes, perMessageDeflate: false });
  }

  override bindMessageHandlers(socket: WebSocket): void {
    socket.on('message', (data: RawData) => this.frames.route(socket, data));
  }

  protected override ensureHttpServerExists(port: number, httpServer?: Server): Server | undefined {
    if (this.httpServersRegistry.has(port)) return undefined;
    const server = httpServer ?? createServer();
    this.httpServersRegistry.set(port, server);
    this.upgradeListener = (request, socket, head) => {
      const wsServer = this.serverFor(port, request.url);
      if (!wsServer) return refuseUpgrade(socket, { status: 404, reason: 'Not Found' });
      // A client that resets the connection while the gate decides must not take the process down with it.
      socket.on('error', () => socket.destroy());
      this.gate.admit(request).then(
        (admission) => {
          if (!admission.admitted) return refuseUpgrade(socket, admission);
          // The TCP connection closes after its WebSocket does, and also when the client left while the gate decided.
          if (socket.destroyed) return admission.release();
          socket.once('close', admission.release);
          wsServer.handleUpgrade(request, socket, head, (ws) => wsServer.emit('connection', ws, request));
        },
        (error: Error) => {
          this.logger.warn(`Upgrade failed: ${error.message}`);
          refuseUpgrade(socket, { status: 503, reason: 'Service Unavailable' });
        },
      );
    };
    server.on('upgrade', this.upgradeListener);
    return server;
  }

  /** A client's protocol violation (an oversize frame, a bad opcode) is its problem, not the server's: log it quietly. */
  override bindErrorHandler(server: WebSocketServer): WebSocketServer {
    server.on('connection', (socket: WebSocket) =>
      socket.on('error', (error) => this.logger.debug(`Client socket error: ${error.message}`)),
    );
    server.on('error', (error) => this.logger.error(error));
    return server;
  }

  override async dispose(): Promise<void> {
    if (this.upgradeListener) {
      for (const server of this.httpServersRegistry.values()) server.off('upgrade', this.upgradeListener);
    }
    await super.dispose();
  }

  private serverFor(port: number, url: string | undefined): WebSocketServer | undefined {
    const pathname = new URL(url ?? '/', 'http://parley.invalid').pathname;
    if (!pathname.startsWith(WS_PATH_PREFIX)) return undefined;
    const servers = (this.wsServersRegistry.get(port) ?? []) as Array<WebSocketServer & { path: string }>;
    return servers.find((server) => `${server.path}/` === WS_PATH_PREFIX);
  }
}

function refuseUpgrade(socket: Duplex, refusal: UpgradeRefusal): void {
  const headers = Object.entries(refusal.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\n${headers.join('')}Connection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}
