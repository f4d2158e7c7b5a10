import type { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { LIMITS, WS_PATH_PREFIX } from '@parley/contracts';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { ConnectionGate } from './connection-gate.js';
import { parseClientFrame } from './frame-parser.js';

/**
 * Nest's WsAdapter, changed where Parley's protocol differs: rooms live under the path (`/ws/<room>`, where the
 * stock adapter matches only the exact path), frames over the size limit close with 1009, and every frame is
 * parsed by `parseClientFrame`, which turns the unroutable ones into error events instead of dropping them.
 */
export class ParleyWsAdapter extends WsAdapter {
  private upgradeListener?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

  private readonly gate: ConnectionGate;

  constructor(app: INestApplicationContext) {
    super(app, { messageParser: parseClientFrame });
    this.gate = app.get(ConnectionGate);
  }

  override create(port: number, options: Record<string, unknown> & { path?: string } = {}): WebSocketServer {
    return super.create(port, { ...options, maxPayload: LIMITS.frameMaxBytes, perMessageDeflate: false });
  }

  protected override ensureHttpServerExists(port: number, httpServer?: Server): Server | undefined {
    if (this.httpServersRegistry.has(port)) return undefined;
    const server = httpServer ?? createServer();
    this.httpServersRegistry.set(port, server);
    this.upgradeListener = (request, socket, head) => {
      const wsServer = this.serverFor(port, request.url);
      if (!wsServer) return refuseUpgrade(socket, 404, 'Not Found');
      const admission = this.gate.admit(request);
      if (!admission.admitted) return refuseUpgrade(socket, admission.status, admission.reason);
      wsServer.handleUpgrade(request, socket, head, (ws) => {
        ws.once('close', this.gate.opened(admission.address));
        wsServer.emit('connection', ws, request);
      });
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

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
