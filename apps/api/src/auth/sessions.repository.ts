import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThan, MoreThan, Not, type Repository } from 'typeorm';
import { Transactions } from '../database/transactions.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { SessionEntity } from './session.entity.js';
import { UserEntity } from '../users/user.entity.js';

/** What presenting a refresh token found. */
export type SpendOutcome =
  | { kind: 'rotated'; session: SessionEntity }
  /** The token had been spent before: whoever holds it stole it, or the session's owner did. */
  | { kind: 'replayed'; sessionId: string }
  /** No such token, or its session ended. */
  | { kind: 'unknown' };

@Injectable()
export class SessionsRepository {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    private readonly transactions: Transactions,
  ) {}

  async create(session: SessionEntity): Promise<void> {
    await this.sessions.insert(session);
  }

  /**
   * Spends the session's refresh token of `generation`: a conditional UPDATE moves the session to the next
   * generation (and its expiry on), so of two requests presenting the same token at once exactly one rotates it and
   * the other sees a replay, as does any token of an older generation, however long ago it was spent.
   */
  async spend(sessionId: string, generation: number, now: Date, expiresAt: Date): Promise<SpendOutcome> {
    const session = await this.sessions.findOneBy({ id: sessionId });
    if (!session || session.revokedAt !== null || session.expiresAt <= now) return { kind: 'unknown' };
    if (generation > session.refreshGeneration) return { kind: 'unknown' };
    if (generation < session.refreshGeneration) return { kind: 'replayed', sessionId };
    const rotated = await this.sessions.update(
      { id: sessionId, refreshGeneration: generation, revokedAt: IsNull() },
      { refreshGeneration: generation + 1, expiresAt },
    );
    if (rotated.affected !== 1) return { kind: 'replayed', sessionId };
    return { kind: 'rotated', session: { ...session, refreshGeneration: generation + 1, expiresAt } };
  }

  /**
   * A refresh token from before tokens carried their generation (a row per token, by its SHA-256): spent once more,
   * into the session's first generation token, and every row of the session goes. A spent one is a replay.
   */
  spendLegacy(tokenHash: string, now: Date, expiresAt: Date): Promise<SpendOutcome> {
    return this.transactions.run(async (manager) => {
      const token = await manager.findOneBy(RefreshTokenEntity, { tokenHash });
      if (!token) return { kind: 'unknown' };
      if (token.spentAt !== null) return { kind: 'replayed', sessionId: token.sessionId };
      const session = await manager.findOneBy(SessionEntity, { id: token.sessionId });
      if (!session || session.revokedAt !== null || session.expiresAt <= now) return { kind: 'unknown' };
      const spent = await manager.delete(RefreshTokenEntity, { sessionId: session.id });
      if (!spent.affected) return { kind: 'replayed', sessionId: session.id };
      const generation = session.refreshGeneration + 1;
      await manager.update(SessionEntity, { id: session.id }, { refreshGeneration: generation, expiresAt });
      return { kind: 'rotated', session: { ...session, refreshGeneration: generation, expiresAt } };
    });
  }

  /** Revokes the sessions given that are still active; returns the ids it revoked. */
  async revoke(ids: readonly string[], now: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const active = await this.sessions.find({ select: { id: true }, where: { id: In([...ids]), revokedAt: IsNull() } });
    return this.revokeRows(
      active.map((session) => session.id),
      now,
    );
  }

  /** Revokes every active session of the user but `except`; returns the ids it revoked. */
  async revokeAllOf(userId: string, except: string | null, now: Date): Promise<string[]> {
    const active = await this.sessions.find({
      select: { id: true },
      where: { userId, revokedAt: IsNull(), ...(except ? { id: Not(except) } : {}) },
    });
    return this.revokeRows(
      active.map((session) => session.id),
      now,
    );
  }

  /**
   * Whether the session exists, is not revoked, has not expired, and its account is not deactivated (a deactivation
   * revokes every session too; this holds should that revocation not have run).
   */
  async isActive(id: string, now: Date): Promise<boolean> {
    const session = await this.sessions
      .createQueryBuilder('session')
      .select(['session.id', 'session.revokedAt', 'session.expiresAt'])
      .innerJoin(UserEntity, 'user', 'user.id = session.userId AND user.deactivatedAt IS NULL')
      .where('session.id = :id', { id })
      .getOne();
    return session !== null && session.revokedAt === null && session.expiresAt > now;
  }

  /** Of these sessions, those that exist, are not revoked and have not expired. */
  async activeAmong(ids: readonly string[], now: Date): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.sessions.find({
      select: { id: true },
      where: { id: In([...ids]), revokedAt: IsNull(), expiresAt: MoreThan(now) },
    });
    return new Set(rows.map((row) => row.id));
  }

  /** Deletes sessions (and their tokens) that expired, or were revoked, before `before`. */
  async deleteEnded(before: Date): Promise<number> {
    const expired = await this.sessions.delete({ expiresAt: LessThan(before) });
    const revoked = await this.sessions.delete({ revokedAt: LessThan(before) });
    return (expired.affected ?? 0) + (revoked.affected ?? 0);
  }

  private async revokeRows(ids: string[], now: Date): Promise<string[]> {
    if (ids.length > 0) await this.sessions.update({ id: In(ids), revokedAt: IsNull() }, { revokedAt: now });
    return ids;
  }
}
