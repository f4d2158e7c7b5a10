import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Environment } from '../config/environment.js';
import { inBackground } from '../common/background.js';
import { DomainEvents, OnDomainEvent } from '../events/domain-events.js';
import { RefreshTokens } from './refresh-tokens.js';
import { SessionEntity } from './session.entity.js';
import { SessionsRepository } from './sessions.repository.js';

/** How long an answer of isActive may be reused; a revocation anywhere is seen within this time at the latest. */
const ACTIVE_CACHE_MS = 1_000;
const ACTIVE_CACHE_SIZE = 10_000;
const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

export interface IssuedSession {
  session: SessionEntity;
  refreshToken: string;
}

/**
 * Sign-in sessions: created at sign-in, extended by each refresh-token rotation, revoked by sign-out, by a password
 * change or when a spent refresh token comes back. Access tokens are checked against them through a cache that
 * every revocation (from any instance) clears at once, and that otherwise answers for at most a second: no database
 * round trip per request under load, and a revoked session refused everywhere within a second.
 */
@Injectable()
export class SessionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionsService.name);
  private readonly activeCache = new Map<string, { active: boolean; checkedAt: number }>();
  private readonly refreshTtlMs: number;
  private readonly accessTtlMs: number;
  private cleanup?: NodeJS.Timeout;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly events: DomainEvents,
    private readonly refreshTokens: RefreshTokens,
    config: ConfigService<Environment, true>,
  ) {
    this.refreshTtlMs = config.get('AUTH_REFRESH_TTL', { infer: true }) * 1000;
    this.accessTtlMs = config.get('AUTH_ACCESS_TTL', { infer: true }) * 1000;
  }

  onModuleInit(): void {
    const cleanUp = () => inBackground(this.deleteEnded(), this.logger, 'Cleaning up ended sessions');
    this.cleanup = setInterval(cleanUp, CLEANUP_INTERVAL_MS).unref();
    cleanUp();
  }

  /** A session revoked here or on another instance is refused at once, whatever this cache held. */
  @OnDomainEvent('sessions.revoked')
  forgetRevoked({ sessionIds }: { sessionIds: readonly string[] }): void {
    for (const id of sessionIds) this.activeCache.set(id, { active: false, checkedAt: Date.now() });
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanup);
  }

  async create(userId: string): Promise<IssuedSession> {
    const now = new Date();
    const session = Object.assign(new SessionEntity(), {
      id: uuidv7(),
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.refreshTtlMs),
      revokedAt: null,
      refreshGeneration: 0,
    });
    await this.sessions.create(session);
    return { session, refreshToken: this.refreshTokens.issue({ sessionId: session.id, generation: 0 }) };
  }

  /**
   * Spends the refresh token for the session's next one; null when it is not good. A replayed token (any older
   * generation of the session's) revokes its session. A token that is not this server's costs no database read.
   */
  async rotate(refreshToken: string): Promise<IssuedSession | null> {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.refreshTtlMs);
    const claims = this.refreshTokens.read(refreshToken);
    const outcome = claims
      ? await this.sessions.spend(claims.sessionId, claims.generation, now, expiresAt)
      : LEGACY_TOKEN.test(refreshToken)
        ? await this.sessions.spendLegacy(hashToken(refreshToken), now, expiresAt)
        : ({ kind: 'unknown' } as const);
    if (outcome.kind === 'rotated') {
      const { id, refreshGeneration } = outcome.session;
      return {
        session: outcome.session,
        refreshToken: this.refreshTokens.issue({ sessionId: id, generation: refreshGeneration }),
      };
    }
    if (outcome.kind === 'replayed') {
      this.logger.warn(`A spent refresh token was presented again: session ${outcome.sessionId} revoked`);
      await this.revoke([outcome.sessionId]);
    }
    return null;
  }

  async revoke(sessionIds: readonly string[]): Promise<void> {
    this.announce(await this.sessions.revoke(sessionIds, new Date()));
  }

  async revokeAllOf(userId: string, except: string | null): Promise<void> {
    this.announce(await this.sessions.revokeAllOf(userId, except, new Date()));
  }

  async isActive(sessionId: string): Promise<boolean> {
    const now = Date.now();
    const cached = this.activeCache.get(sessionId);
    if (cached && (!cached.active || now - cached.checkedAt < ACTIVE_CACHE_MS)) return cached.active;
    const active = await this.sessions.isActive(sessionId, new Date(now));
    if (this.activeCache.size >= ACTIVE_CACHE_SIZE) this.activeCache.clear();
    this.activeCache.set(sessionId, { active, checkedAt: now });
    return active;
  }

  /** Of these sessions, those still active, read now (not cached): after an outage, what may have been missed. */
  activeAmong(sessionIds: readonly string[]): Promise<Set<string>> {
    return this.sessions.activeAmong(sessionIds, new Date());
  }

  private announce(revoked: string[]): void {
    if (revoked.length > 0) this.events.emit('sessions.revoked', { sessionIds: revoked });
  }

  /** A revoked session is kept while its access tokens could still be presented, so they are refused by name. */
  private async deleteEnded(): Promise<void> {
    const deleted = await this.sessions.deleteEnded(new Date(Date.now() - this.accessTtlMs));
    if (deleted > 0) this.logger.log(`Deleted ${deleted} ended session(s)`);
  }
}

/**
 * Refresh tokens issued before they carried their generation: 256 random bits, stored by their SHA-256. Each is
 * taken once more, into its session's next token; none is issued any more.
 */
const LEGACY_TOKEN = /^[A-Za-z0-9_-]{43}$/;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
