import { WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect } from '@nestjs/websockets';
import { CloseCode } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { Departures } from './orchestration/departures.js';
import { JoinService } from './orchestration/join.service.js';
import { UserStreamsService } from './orchestration/user-streams.service.js';
import { Connections } from './state/connections.js';
import { ConnectionGate } from './orchestration/admission/connection-gate.js';

/**
 * `/ws/<room>` and `/ws/~me`: a socket the gate admitted joins its room (or opens its user's stream), and leaves it
 * when it closes. Its frames go from the adapter to the ClientEventRouter; the rules live in the services.
 */
@WebSocketGateway({ path: '/ws' })
export class ChatGateway implements OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly gate: ConnectionGate,
    private readonly connections: Connections,
    private readonly joins: JoinService,
    private readonly userStreams: UserStreamsService,
    private readonly departures: Departures,
  ) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const admitted = this.gate.requestOf(request);
    if (!admitted || 'closeCode' in admitted) {
      socket.close(admitted?.closeCode ?? CloseCode.InternalError, admitted?.reason ?? 'Not admitted');
      return;
    }
    const opening =
      'userStream' in admitted
        ? this.userStreams.open(socket, admitted.identity, admitted.grantAt)
        : this.joins.join(socket, admitted);
    this.connections.add(socket, opening);
  }

  async handleDisconnect(socket: WebSocket): Promise<void> {
    const session = await this.connections.remove(socket);
    if (session) await this.departures.depart(session);
  }
}
