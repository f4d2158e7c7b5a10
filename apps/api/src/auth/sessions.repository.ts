import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, LessThan, MoreThan, Not, type Repository } from 'typeorm';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { SessionEntity } from './session.entity.js';

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
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async create(session: SessionEntity, firstTokenHash: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(SessionEntity, session);
      await manager.insert(RefreshTokenEntity, {
        tokenHash: firstTokenHash,
        sessionId: session.id,
        createdAt: session.createdAt,
        spentAt: null,
      });
    });
  }

  /**
   * Spends a refresh token and records its successor, in one transaction. The spend is a conditional UPDATE, so of
   * two requests presenting the same token at once exactly one rotates it; the other sees a replay.
   */
  spend(tokenHash: string, nextTokenHash: string, now: Date, expiresAt: Date): Promise<SpendOutcome> {
    return this.dataSource.transaction(async (manager) => {
      const token = await manager.findOneBy(RefreshTokenEntity, { tokenHash });
      if (!token) return { kind: 'unknown' };
      const session = await manager.findOneBy(SessionEntity, { id: token.sessionId });
      if (!session || session.revokedAt !== null || session.expiresAt <= now) return { kind: 'unknown' };
      const spent = await manager.update(RefreshTokenEntity, { tokenHash, spentAt: IsNull() }, { spentAt: now });
      if (spent.affected !== 1) return { kind: 'replayed', sessionId: session.id };
      await manager.insert(RefreshTokenEntity, {
        tokenHash: nextTokenHash,
        sessionId: session.id,
        createdAt: now,
        spentAt: null,
      });
      await manager.update(SessionEntity, { id: session.id }, { expiresAt });
      return { kind: 'rotated', session: { ...session, expiresAt } };
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

  /** Whether the session exists, is not revoked and has not expired. */
  async isActive(id: string, now: Date): Promise<boolean> {
    const session = await this.sessions.findOne({ select: { revokedAt: true, expiresAt: true }, where: { id } });
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
