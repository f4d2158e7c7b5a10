import { ArgumentsHost, Catch, Logger, type ExceptionFilter } from '@nestjs/common';
import { ErrorCode, type ServerFrame } from '@parley/contracts';
import type { WebSocket } from 'ws';
import { MetricsService } from '../metrics/metrics.service.js';
import { errorData, ProtocolException } from './protocol.exception.js';

/** Every exception on the socket becomes one `error` frame to its sender; the connection stays open. */
@Catch()
export class WsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(WsExceptionFilter.name);

  constructor(private readonly metrics: MetricsService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const socket = host.switchToWs().getClient<WebSocket>();
    const data = host.switchToWs().getData<unknown>();
    const clientId =
      typeof data === 'object' && data !== null && typeof (data as { clientId?: unknown }).clientId === 'string'
        ? (data as { clientId: string }).clientId
        : undefined;
    let frame: ServerFrame;
    if (exception instanceof ProtocolException) {
      frame = {
        event: 'error',
        data: errorData(exception.code, exception.message, clientId),
      };
    } else {
      this.logger.error(exception);
      frame = {
        event: 'error',
        data: { code: ErrorCode.StoreFailed, message: 'The server could not handle this frame' },
      };
    }
    this.metrics.errors.inc({ code: frame.data.code });
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  }
}
