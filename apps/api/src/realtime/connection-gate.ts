import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import type { Environment } from '../config/environment.js';
import { clientAddress, isOriginAllowed, parseOriginList } from './upgrade-policy.js';

export type Admission = { admitted: true; address: string } | { admitted: false; status: number; reason: string };

/**
 * Decides each WebSocket upgrade before any socket exists: cross-site pages (Origin) get 403,
 * an address over its connection limit 429, and everyone 503 once the server is shutting down.
 */
@Injectable()
export class ConnectionGate {
  private readonly connectionsByAddress = new Map<string, number>();
  private readonly allowedOrigins: string[];
  private readonly maxPerAddress: number;
  private readonly trustProxy: boolean;
  private accepting = true;

  constructor(config: ConfigService<Environment, true>) {
    this.allowedOrigins = parseOriginList(config.get('WS_ALLOWED_ORIGINS', { infer: true }));
    this.maxPerAddress = config.get('WS_MAX_CONN_PER_IP', { infer: true });
    this.trustProxy = config.get('WS_TRUST_PROXY', { infer: true });
  }

  admit(request: IncomingMessage): Admission {
    if (!this.accepting) return { admitted: false, status: 503, reason: 'Service Unavailable' };
    if (!isOriginAllowed(request.headers.origin, request.headers.host, this.allowedOrigins)) {
      return { admitted: false, status: 403, reason: 'Forbidden' };
    }
    const address = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], this.trustProxy);
    if (this.maxPerAddress > 0 && (this.connectionsByAddress.get(address) ?? 0) >= this.maxPerAddress) {
      return { admitted: false, status: 429, reason: 'Too Many Requests' };
    }
    return { admitted: true, address };
  }

  /** Counts an upgrade that completed; returns the matching release. */
  opened(address: string): () => void {
    this.connectionsByAddress.set(address, (this.connectionsByAddress.get(address) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const remaining = (this.connectionsByAddress.get(address) ?? 1) - 1;
      if (remaining > 0) this.connectionsByAddress.set(address, remaining);
      else this.connectionsByAddress.delete(address);
    };
  }

  stopAccepting(): void {
    this.accepting = false;
  }
}
