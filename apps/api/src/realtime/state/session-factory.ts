import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { WebSocket } from 'ws';
import type { Environment } from '../../config/environment.js';
import type { Identity } from '../../identity/identity.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import { SendRatePolicy } from '../policy/send-rate-policy.js';
import { ClientSession } from './client-session.js';
import type { SessionObserver, SessionOptions } from './socket-writer.js';
import { UserStream } from './user-stream.js';

/** Makes sessions as configured: the slow-client bound, the rate limit, and what metrics count of them. */
@Injectable()
export class SessionFactory {
  private readonly maxBufferedBytes: number;
  private readonly rateBurst: number;
  private readonly ratePerSecond: number;
  private readonly observer: SessionObserver;

  constructor(config: ConfigService<Environment, true>, metrics: MetricsService) {
    this.maxBufferedBytes = config.get('WS_MAX_BUFFERED_BYTES', { infer: true });
    this.rateBurst = config.get('WS_RATE_BURST', { infer: true });
    this.ratePerSecond = config.get('WS_RATE_PER_SEC', { infer: true });
    this.observer = {
      errorSent: (code) => metrics.errors.inc({ code }),
      cutOff: () => metrics.slowClientDisconnects.inc(),
    };
  }

  create(socket: WebSocket, room: RoomRef, identity: Identity): ClientSession {
    const sendRate = new SendRatePolicy(this.rateBurst, this.ratePerSecond);
    return new ClientSession(socket, room, identity, sendRate, this.options);
  }

  createUserStream(socket: WebSocket, identity: Identity): UserStream {
    return new UserStream(socket, identity, this.options);
  }

  private get options(): SessionOptions {
    return { maxBufferedBytes: this.maxBufferedBytes, observer: this.observer };
  }

  /** The rule a refused message is told about. */
  describeRateLimit(): string {
    return `at most ${this.rateBurst} messages at once and ${this.ratePerSecond} per second`;
  }
}
