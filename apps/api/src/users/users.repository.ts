import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { Transactions } from '../database/transactions.js';
import { ServerClaimEntity } from './server-claim.entity.js';
import { isUniqueViolation } from '../database/database-errors.js';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Inserts unless the username is taken; returns whether this call created the user. The first account ever
   * inserted claims `first_admin` in the same transaction and is an admin: of two first registrations at once, only
   * one claim's insert succeeds.
   */
  async insertIfAbsent(user: UserEntity): Promise<boolean> {
    try {
      await this.transactions.run(async (manager) => {
        await manager.insert(UserEntity, user);
        if (await claimOnce(manager, FIRST_ADMIN_CLAIM, user.id)) {
          await manager.update(UserEntity, { id: user.id }, { admin: true });
          user.admin = true;
        }
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Registered users whose username starts with `prefix`, after the username `after`, in username order. */
  listByUsername(prefix: string | undefined, after: string | undefined, limit: number): Promise<UserEntity[]> {
    const query = this.users.createQueryBuilder('user').orderBy('user.username', 'ASC').take(limit);
    if (prefix !== undefined)
      query.andWhere("user.username LIKE :pattern ESCAPE '!'", { pattern: `${escapeLike(prefix)}%` });
    if (after !== undefined) query.andWhere('user.username > :after', { after });
    return query.getMany();
  }

  /** Makes these registered users admins (ADMIN_USERNAMES); returns how many were not yet. */
  async grantAdminByName(usernames: readonly string[]): Promise<number> {
    if (usernames.length === 0) return 0;
    const result = await this.users.update({ username: In([...usernames]), admin: false }, { admin: true });
    return result.affected ?? 0;
  }

  /** Active admins, their rows locked (MySQL) until the transaction ends: the last one is never taken away twice. */
  async lockActiveAdmins(manager: EntityManager): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT id FROM users WHERE admin = ? AND deactivated_at IS NULL ORDER BY id${
        this.transactions.locksRows ? ' FOR UPDATE' : ''
      }`,
      [true],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  async setAdmin(manager: EntityManager, id: string, admin: boolean): Promise<void> {
    await manager.update(UserEntity, { id }, { admin });
  }

  async setDeactivatedAt(manager: EntityManager, id: string, at: Date | null): Promise<void> {
    await manager.update(UserEntity, { id }, { deactivatedAt: at });
  }

  /** Whether the user is an admin now, and not deactivated. */
  async isActiveAdmin(id: string): Promise<boolean> {
    return (await this.users.countBy({ id, admin: true, deactivatedAt: IsNull() })) > 0;
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ username });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** Of these usernames, those registered. */
  async existingUsernames(usernames: readonly string[]): Promise<Set<string>> {
    if (usernames.length === 0) return new Set();
    const rows = await this.users.find({ select: { username: true }, where: { username: In([...usernames]) } });
    return new Set(rows.map((row) => row.username));
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }
}

const FIRST_ADMIN_CLAIM = 'first_admin';

/** Inserts the claim unless it was made before (a racing insert waits for the first and is ignored); whether this user holds it. */
async function claimOnce(manager: EntityManager, claim: string, userId: string): Promise<boolean> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(ServerClaimEntity)
    .values({ claim, userId, claimedAt: new Date() })
    .orIgnore()
    .execute();
  return (await manager.findOneBy(ServerClaimEntity, { claim }))?.userId === userId;
}

/** A LIKE pattern matching `prefix` literally (`_` and `%` are wildcards otherwise), with `!` as the escape. */
function escapeLike(prefix: string): string {
  return prefix.replace(/[!%_]/g, (char) => `!${char}`);
}
