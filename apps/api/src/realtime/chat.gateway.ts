import { WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect } from '@nestjs/websockets';
import { CloseCode } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { JoinService } from './orchestration/join.service.js';
import { Connections } from './state/connections.js';
import { ConnectionGate } from './transport/connection-gate.js';

/**
 * `/ws/<room>`: a socket the gate admitted joins its room, and leaves it when it closes. Its frames go from the
 * adapter to the ClientEventRouter; the rules live in the services.
 */
@WebSocketGateway({ path: '/ws' })
export class ChatGateway implements OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly gate: ConnectionGate,
    private readonly connections: Connections,
    private readonly joins: JoinService,
  ) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const admitted = this.gate.requestOf(request);
    if (!admitted || 'closeCode' in admitted) {
      socket.close(admitted?.closeCode ?? CloseCode.InternalError, admitted?.reason ?? 'Not admitted');
      return;
    }
    this.connections.add(socket, this.joins.join(socket, admitted));
  }

  async handleDisconnect(socket: WebSocket): Promise<void> {
    const session = await this.connections.remove(socket);
    if (session) await this.joins.leave(session);
  }
}
