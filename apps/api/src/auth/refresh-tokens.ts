import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a refresh token names: its session, and which of the session's tokens it is (0, 1, 2… one per rotation). */
export interface RefreshTokenClaims {
  sessionId: string;
  generation: number;
}

const FORMAT = /^([0-9a-f-]{36})\.(\d{1,9})\.([A-Za-z0-9_-]{43})$/;

/**
 * Refresh tokens that need no row of their own: `<session>.<generation>.<HMAC of both>`, keyed by AUTH_SECRET (for
 * this use only). The session row keeps its current generation; a token of an older generation coming back is a
 * replay, recognised however long ago it was spent, with nothing kept per spent token.
 */
export class RefreshTokens {
  constructor(private readonly secret: string) {}

  issue(claims: RefreshTokenClaims): string {
    return `${claims.sessionId}.${claims.generation}.${this.mac(claims)}`;
  }

  /** The claims of a token this server issued; null for anything else (malformed, or a forged signature). */
  read(token: string): RefreshTokenClaims | null {
    const match = FORMAT.exec(token);
    if (!match) return null;
    const claims = { sessionId: match[1], generation: Number(match[2]) };
    const expected = Buffer.from(this.mac(claims));
    const presented = Buffer.from(match[3]);
    return presented.length === expected.length && timingSafeEqual(presented, expected) ? claims : null;
  }

  private mac({ sessionId, generation }: RefreshTokenClaims): string {
    return createHmac('sha256', this.secret).update(`refresh-token:${sessionId}:${generation}`).digest('base64url');
  }
}
