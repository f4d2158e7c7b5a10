import { UseFilters } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
} from '@nestjs/websockets';
import type { ErrorData, ServerFrame } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { MetricsService } from '../metrics/metrics.service.js';
import { ChatService } from './chat.service.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { SendMessagePipe } from './send-message.pipe.js';
import { REJECTED_FRAME_EVENT } from './frame-parser.js';
import { WsExceptionFilter } from './ws-exception.filter.js';

/** `/ws/<room>`: accepts sockets and routes each frame to one ChatService call; the rules live there. */
@WebSocketGateway({ path: '/ws' })
@UseFilters(WsExceptionFilter)
export class ChatGateway implements OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly chat: ChatService,
    private readonly metrics: MetricsService,
  ) {}

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    this.chat.connect(socket, request);
  }

  handleDisconnect(socket: WebSocket): Promise<void> {
    return this.chat.disconnect(socket);
  }

  @SubscribeMessage('message')
  onMessage(
    @ConnectedSocket() socket: WebSocket,
    @MessageBody(SendMessagePipe) body: SendMessageDto,
  ): Promise<ServerFrame | undefined> {
    return this.chat.send(socket, body);
  }

  @SubscribeMessage(REJECTED_FRAME_EVENT)
  onRejectedFrame(@MessageBody() error: ErrorData): ServerFrame {
    this.metrics.errors.inc({ code: error.code });
    return { event: 'error', data: error };
  }
}
