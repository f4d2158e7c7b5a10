import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type EntityManager, type Repository } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import { Transactions } from '../database/transactions.js';
import { ServerClaimEntity } from './server-claim.entity.js';
import { isUniqueViolation } from '../database/database-errors.js';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
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
          await this.audit.record(manager, {
            actor: GRANTED_BY.firstAccount,
            action: 'admin_grant',
            target: user.username,
          });
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

  /** Makes those of these registered users admins who were not (ADMIN_USERNAMES), each recorded; returns how many. */
  async grantAdminByName(usernames: readonly string[]): Promise<number> {
    if (usernames.length === 0) return 0;
    return this.transactions.run(async (manager) => {
      const granted = await manager.find(UserEntity, {
        select: { id: true, username: true },
        where: { username: In([...usernames]), admin: false },
      });
      for (const user of granted) {
        await manager.update(UserEntity, { id: user.id }, { admin: true });
        await this.audit.record(manager, {
          actor: GRANTED_BY.configuration,
          action: 'admin_grant',
          target: user.username,
        });
      }
      return granted.length;
    });
  }

  /**
   * The active admins, read after taking the lock every change of admins takes (the first admin's claim row, on
   * MySQL; SQLite's transactions take turns): of two changes at once, the second reads what the first left, so the
   * last admin is never taken away twice. One row is locked, not the users table.
   */
  async lockActiveAdmins(manager: EntityManager): Promise<string[]> {
    if (this.transactions.locksRows) {
      await manager.query('SELECT claim FROM server_claims WHERE claim = ? FOR UPDATE', [FIRST_ADMIN_CLAIM]);
    }
    const rows = await manager.find(UserEntity, {
      select: { id: true },
      where: { admin: true, deactivatedAt: IsNull() },
    });
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

  /** The usernames of these user ids, by id (unknown ids are left out). */
  async usernamesOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.users.find({ select: { id: true, username: true }, where: { id: In([...new Set(ids)]) } });
    return new Map(rows.map((row) => [row.id, row.username]));
  }

  /** Of these usernames, those registered (asked in chunks: a storm's turn may ask about thousands). */
  async existingUsernames(usernames: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let start = 0; start < usernames.length; start += NAMES_PER_QUERY) {
      const chunk = usernames.slice(start, start + NAMES_PER_QUERY);
      const rows = await this.users.find({ select: { username: true }, where: { username: In(chunk) } });
      for (const row of rows) found.add(row.username);
    }
    return found;
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }
}

const FIRST_ADMIN_CLAIM = 'first_admin';

/** The audit log's actor of admin grants nobody made: never a username (those hold no parentheses). */
const GRANTED_BY = { firstAccount: '(first account)', configuration: '(ADMIN_USERNAMES)' } as const;
const NAMES_PER_QUERY = 1_000;

/**
 * Inserts the claim unless it was made before (a racing insert waits for the first and is ignored); whether this user
 * holds it.
 */
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
