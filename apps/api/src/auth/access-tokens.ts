import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { Environment } from '../config/environment.js';
import type { Principal } from './principal.js';

interface AccessClaims {
  sub: string;
  sid: string;
  name: string;
}

/**
 * Short-lived JWTs (HS256, AUTH_SECRET) naming the user and their session. A valid signature is not enough to be
 * let in: the session must still be active (SessionsService.isActive), so a revoked session's tokens stop working
 * at once, not when they expire.
 */
@Injectable()
export class AccessTokens {
  readonly ttlSeconds: number;

  constructor(
    private readonly jwt: JwtService,
    config: ConfigService<Environment, true>,
  ) {
    this.ttlSeconds = config.get('AUTH_ACCESS_TTL', { infer: true });
  }

  async issue(principal: Principal): Promise<{ accessToken: string; expiresIn: number }> {
    const claims: AccessClaims = { sub: principal.userId, sid: principal.sessionId, name: principal.username };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.ttlSeconds });
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** The principal of a well-signed, unexpired token; null for anything else. */
  async verify(token: string): Promise<Principal | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.name !== 'string') {
        return null;
      }
      return { userId: claims.sub, sessionId: claims.sid, username: claims.name };
    } catch {
      return null;
    }
  }
}
