import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../../../common/client-address.js';
import type { Environment } from '../../../config/environment.js';
import { RateLimits } from '../../../rate-limits/rate-limits.js';
import { RoomAccess } from '../../../rooms/room-access.js';
import { isOriginAllowed, parseOriginList } from '../../policy/upgrade-policy.js';
import { AccessLedger } from '../../state/access-ledger.js';
import { ConnectionSlots } from '../../transport/connection-slots.js';
import { parseConnectionRequest, type ConnectionRequest } from '../../transport/connection-request.js';
import { UpgradeGate, type Admission, type UpgradeRefusal } from '../../transport/ports.js';
import type { JoinRequest, UserStreamRequest } from '../join-request.js';
import { ConnectionAuthenticator, type Identification } from './connection-authenticator.js';

/**
 * What an admitted upgrade asks for: a room to join, or, when the URL is not valid, the close code that tells the
 * client why (sent once the socket is open, as the protocol has always done).
 */
export type AdmittedRequest = JoinRequest | UserStreamRequest | { closeCode: number; reason: string };

/**
 * Decides each WebSocket upgrade before any socket exists: everyone gets 503 once the server is shutting down,
 * cross-site pages (Origin) 403, an address holding all its connection slots or over its room-creation limit 429, a bad
 * ticket (or a guest where guests are off) 401, a private room the connection may not read 404 (exactly as for a room
 * that does not exist); a public room's banned user, or a guest where the room takes none, is admitted to be closed at
 * once with 4403 "banned" or 4401. The address's slot is taken before anything is awaited. A ticket is spent as soon as
 * it is presented, whatever follows (a bad room or `since` included). The access ledger's version is noted before any
 * right is read, so a revocation that lands while the socket is still joining is found when its join completes.
 */
@Injectable()
export class ConnectionGate extends UpgradeGate {
  private readonly admitted = new WeakMap<IncomingMessage, AdmittedRequest>();
  private readonly allowedOrigins: string[];
  private readonly trustProxy: boolean;
  private accepting = true;

  constructor(
    private readonly access: RoomAccess,
    private readonly limits: RateLimits,
    private readonly authenticator: ConnectionAuthenticator,
    private readonly slots: ConnectionSlots,
    private readonly ledger: AccessLedger,
    config: ConfigService<Environment, true>,
  ) {
    super();
    this.allowedOrigins = parseOriginList(config.get('WS_ALLOWED_ORIGINS', { infer: true }));
    this.trustProxy = config.get('TRUST_PROXY', { infer: true });
  }

  async admit(request: IncomingMessage): Promise<Admission> {
    if (!this.accepting) return refuse(503, 'Service Unavailable');
    const grantAt = this.ledger.current;
    const parsed = parseConnectionRequest(request.url);
    const presented = parsed.valid
      ? parsed.credential
      : parsed.ticket === null
        ? null
        : { kind: 'ticket' as const, ticket: parsed.ticket };
    const identified = presented ? this.authenticator.identify(presented) : null;
    // Settled here too, so a refusal below does not leave the identification's failure unhandled.
    identified?.catch(() => undefined);
    if (!isOriginAllowed(request.headers.origin, request.headers.host, this.allowedOrigins)) {
      return refuse(403, 'Forbidden');
    }
    const release = await this.slots.reserve(clientAddress(request, this.trustProxy));
    if (!release) return refuse(429, 'Too Many Requests');
    try {
      const decision = await this.decide(request, parsed, identified, grantAt);
      if ('status' in decision) {
        release();
        return { admitted: false, ...decision };
      }
      this.admitted.set(request, decision);
      return { admitted: true, release };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** What the admitted upgrade of this request asked for. */
  requestOf(request: IncomingMessage): AdmittedRequest | undefined {
    return this.admitted.get(request);
  }

  stopAccepting(): void {
    this.accepting = false;
  }

  private async decide(
    request: IncomingMessage,
    parsed: ConnectionRequest,
    identified: Promise<Identification> | null,
    grantAt: number,
  ): Promise<AdmittedRequest | UpgradeRefusal> {
    if (!parsed.valid) {
      // Only to spend a ticket that came with it: whoever it named is not asked for.
      await identified?.catch(() => undefined);
      return { closeCode: parsed.closeCode, reason: parsed.reason };
    }
    const identification = await identified!;
    if ('status' in identification) return { status: identification.status, reason: identification.reason };
    if ('closeCode' in identification) return identification;
    const { identity } = identification;
    if (parsed.room === null) {
      return identity.isGuest ? { status: 401, reason: 'Unauthorized' } : { userStream: true, identity, grantAt };
    }
    const found = await this.access.forSocket(parsed.room, identity.userId);
    if (found === 'not-found') return { status: 404, reason: 'Not Found' };
    if ('closeCode' in found) return found;
    if (found.room === null) {
      const verdict = await this.limits.roomCreation.consume(clientAddress(request, this.trustProxy));
      if (!verdict.allowed) {
        return {
          status: 429,
          reason: 'Too Many Requests',
          headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
        };
      }
    }
    return { room: parsed.room, identity, since: parsed.since, grantAt };
  }
}

function refuse(status: number, reason: string): Admission {
  return { admitted: false, status, reason };
}
