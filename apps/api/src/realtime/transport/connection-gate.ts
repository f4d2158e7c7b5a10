import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { canSee } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../../common/client-address.js';
import type { Environment } from '../../config/environment.js';
import { RateLimits } from '../../rate-limits/rate-limits.js';
import { RoomsService } from '../../rooms/rooms.service.js';
import { MembersService } from '../../members/members.service.js';
import type { JoinRequest, UserStreamRequest } from '../orchestration/join-request.js';
import { isOriginAllowed, parseOriginList } from '../policy/upgrade-policy.js';
import { ConnectionAuthenticator } from './connection-authenticator.js';
import { parseConnectionRequest } from './connection-request.js';

/** A refusal at the upgrade: the HTTP status, its reason phrase and any headers (Retry-After). */
export interface UpgradeRefusal {
  status: number;
  reason: string;
  headers?: Record<string, string>;
}

/**
 * What an admitted upgrade asks for: a room to join, or, when the URL is not valid, the close code that tells the
 * client why (sent once the socket is open, as the protocol has always done).
 */
export type AdmittedRequest = JoinRequest | UserStreamRequest | { closeCode: number; reason: string };

export type Admission =
  { admitted: true; address: string; request: AdmittedRequest } | ({ admitted: false } & UpgradeRefusal);

/**
 * Decides each WebSocket upgrade before any socket exists: everyone gets 503 once the server is shutting down,
 * cross-site pages (Origin) 403, an address over its connection limit or its room-creation limit 429, a bad
 * ticket (or a guest where guests are off) 401, a private room the connection is not a member of 404 (exactly as
 * for a room that does not exist). A ticket is spent as soon as it is presented, whatever follows.
 */
@Injectable()
export class ConnectionGate {
  private readonly connectionsByAddress = new Map<string, number>();
  private readonly admitted = new WeakMap<IncomingMessage, AdmittedRequest>();
  private readonly allowedOrigins: string[];
  private readonly maxPerAddress: number;
  private readonly trustProxy: boolean;
  private accepting = true;

  constructor(
    private readonly rooms: RoomsService,
    private readonly limits: RateLimits,
    private readonly authenticator: ConnectionAuthenticator,
    private readonly members: MembersService,
    config: ConfigService<Environment, true>,
  ) {
    this.allowedOrigins = parseOriginList(config.get('WS_ALLOWED_ORIGINS', { infer: true }));
    this.maxPerAddress = config.get('WS_MAX_CONN_PER_IP', { infer: true });
    this.trustProxy = config.get('TRUST_PROXY', { infer: true });
  }

  async admit(request: IncomingMessage): Promise<Admission> {
    if (!this.accepting) return refuse(503, 'Service Unavailable');
    const parsed = parseConnectionRequest(request.url);
    const identified = parsed.valid ? this.authenticator.identify(parsed.credential) : null;
    // Settled here too, so a refusal below does not leave the identification's failure unhandled.
    identified?.catch(() => undefined);
    if (!isOriginAllowed(request.headers.origin, request.headers.host, this.allowedOrigins)) {
      return refuse(403, 'Forbidden');
    }
    const address = clientAddress(request, this.trustProxy);
    if (this.maxPerAddress > 0 && (this.connectionsByAddress.get(address) ?? 0) >= this.maxPerAddress) {
      return refuse(429, 'Too Many Requests');
    }
    if (!parsed.valid) return this.remember(request, address, parsed);
    const identification = await identified!;
    if ('status' in identification) return refuse(identification.status, identification.reason);
    if ('closeCode' in identification) return this.remember(request, address, identification);
    if (parsed.room === null) {
      if (identification.identity.isGuest) return refuse(401, 'Unauthorized');
      return this.remember(request, address, { userStream: true, identity: identification.identity });
    }
    const room = await this.rooms.find(parsed.room);
    if (room === null) {
      const verdict = await this.limits.roomCreation.consume(address);
      if (!verdict.allowed) {
        return refuse(429, 'Too Many Requests', { 'Retry-After': String(verdict.retryAfterSeconds) });
      }
    } else if (
      room.visibility !== 'public' &&
      !canSee(room, await this.members.roleOf(room, identification.identity.userId))
    ) {
      return refuse(404, 'Not Found');
    }
    return this.remember(request, address, {
      room: parsed.room,
      identity: identification.identity,
      since: parsed.since,
    });
  }

  /** What the admitted upgrade of this request asked for. */
  requestOf(request: IncomingMessage): AdmittedRequest | undefined {
    return this.admitted.get(request);
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

  private remember(request: IncomingMessage, address: string, admitted: AdmittedRequest): Admission {
    this.admitted.set(request, admitted);
    return { admitted: true, address, request: admitted };
  }
}

function refuse(status: number, reason: string, headers?: Record<string, string>): Admission {
  return { admitted: false, status, reason, headers };
}
