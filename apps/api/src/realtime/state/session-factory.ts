import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { WebSocket } from 'ws';
import type { Environment } from '../../config/environment.js';
import type { Identity } from '../../identity/identity.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import { SendRatePolicy } from '../policy/send-rate-policy.js';
import { AccessLedger } from './access-ledger.js';
import { ClientSession } from './client-session.js';
import type { SessionObserver, SessionOptions } from './socket-writer.js';
import { UserStream } from './user-stream.js';

/** Makes sessions as configured: the slow-client bound, the rate limit, their grant, and what metrics count of them. */
@Injectable()
export class SessionFactory {
  private readonly maxBufferedBytes: number;
  private readonly rateBurst: number;
  private readonly ratePerSecond: number;
  private readonly observer: SessionObserver;

  constructor(
    config: ConfigService<Environment, true>,
    metrics: MetricsService,
    private readonly ledger: AccessLedger,
  ) {
    this.maxBufferedBytes = config.get('WS_MAX_BUFFERED_BYTES', { infer: true });
    this.rateBurst = config.get('WS_RATE_BURST', { infer: true });
    this.ratePerSecond = config.get('WS_RATE_PER_SEC', { infer: true });
    this.observer = {
      errorSent: (code) => metrics.errors.inc({ code }),
      cutOff: () => metrics.slowClientDisconnects.inc(),
    };
  }

  /** `grantAt`: the access ledger's version before the connection's rights were read (at its upgrade). */
  create(socket: WebSocket, room: RoomRef, identity: Identity, grantAt: number): ClientSession {
    const sendRate = new SendRatePolicy(this.rateBurst, this.ratePerSecond);
    const grant = this.ledger.grant(identity, room.id, grantAt);
    return new ClientSession(socket, room, identity, grant, sendRate, this.options);
  }

  createUserStream(socket: WebSocket, identity: Identity, grantAt: number): UserStream {
    return new UserStream(socket, identity, this.ledger.grant(identity, null, grantAt), this.options);
  }

  private get options(): SessionOptions {
    return { maxBufferedBytes: this.maxBufferedBytes, observer: this.observer, ledger: this.ledger };
  }

  /** The rule a refused message is told about. */
  describeRateLimit(): string {
    return `at most ${this.rateBurst} messages at once and ${this.ratePerSecond} per second`;
  }
}
