import { Injectable, Logger, NotFoundException, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode, type AdminUser, type AdminUserPage } from '@parley/contracts';
import { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { SessionsService } from '../auth/sessions.service.js';
import { ApiErrorException } from '../common/api-error.exception.js';
import type { Environment } from '../config/environment.js';
import { Transactions } from '../database/transactions.js';
import type { EntityManager } from 'typeorm';
import { UserEntity } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { toUser } from '../users/users.service.js';

/**
 * What server admins do to accounts: list them, grant and revoke admin, deactivate and reactivate. Each change and
 * its audit entry commit together; the server never loses its last active admin (the admins' rows are locked while
 * one is taken away), and a deactivation signs the user out everywhere.
 */
@Injectable()
export class AdminAccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminAccountsService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** ADMIN_USERNAMES, at every start: those of them registered are admins. */
  async onApplicationBootstrap(): Promise<void> {
    const names = (this.config.get('ADMIN_USERNAMES', { infer: true }) ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== '');
    const granted = await this.users.grantAdminByName(names);
    if (granted > 0) this.logger.log(`ADMIN_USERNAMES made ${granted} user(s) admins`);
  }

  async list(prefix: string | undefined, after: string | undefined, limit: number): Promise<AdminUserPage> {
    const rows = await this.users.listByUsername(prefix?.toLowerCase(), after, limit + 1);
    const users = rows.slice(0, limit).map(toAdminUser);
    return { users, nextCursor: rows.length > limit ? users[users.length - 1].username : null };
  }

  async setAdmin(actor: Principal, username: string, admin: boolean): Promise<AdminUser> {
    const updated = await this.transactions.run(async (manager) => {
      const activeAdmins = await this.users.lockActiveAdmins(manager);
      const target = await this.named(username, manager);
      if (target.admin === admin) return target;
      if (!admin && activeAdmins.length === 1 && activeAdmins[0] === target.id) {
        throw new ApiErrorException(409, ErrorCode.LastAdmin, 'The server must keep at least one admin');
      }
      await this.users.setAdmin(manager, target.id, admin);
      await this.audit.record(manager, {
        actor: actor.username,
        action: admin ? 'admin_grant' : 'admin_revoke',
        target: target.username,
      });
      return { ...target, admin };
    });
    return toAdminUser(updated);
  }

  /**
   * The flag first, then every session: a sign-in racing with this either created its session before the sessions
   * were read (revoked here) or reads the flag after it was set (and refuses itself; see AuthService.login).
   */
  async deactivate(actor: Principal, username: string): Promise<void> {
    const target = await this.named(username);
    if (target.id === actor.userId) {
      throw new ApiErrorException(409, ErrorCode.Self, 'An admin cannot deactivate themself');
    }
    const changed = await this.transactions.run(async (manager) => {
      const activeAdmins = await this.users.lockActiveAdmins(manager);
      const current = await this.named(username, manager);
      if (current.deactivatedAt !== null) return false;
      if (activeAdmins.length === 1 && activeAdmins[0] === current.id) {
        throw new ApiErrorException(409, ErrorCode.LastAdmin, 'The server must keep at least one admin');
      }
      await this.users.setDeactivatedAt(manager, current.id, new Date());
      await this.audit.record(manager, { actor: actor.username, action: 'deactivate', target: current.username });
      return true;
    });
    // Also when it was deactivated already: a session that slipped past an earlier deactivation goes now.
    await this.sessions.revokeAllOf(target.id, null);
    if (changed) this.logger.log(`${actor.username} deactivated ${target.username}`);
  }

  async reactivate(actor: Principal, username: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const target = await this.named(username, manager);
      if (target.deactivatedAt === null) return;
      await this.users.setDeactivatedAt(manager, target.id, null);
      await this.audit.record(manager, { actor: actor.username, action: 'reactivate', target: target.username });
    });
  }

  /** The user by name, read through the transaction's manager when there is one. */
  private async named(username: string, manager?: EntityManager): Promise<UserEntity> {
    const lower = username.toLowerCase();
    const user = manager
      ? await manager.findOneBy(UserEntity, { username: lower })
      : await this.users.findByUsername(lower);
    if (!user) throw new NotFoundException(`No user named "${username}"`);
    return user;
  }
}

export function toAdminUser(row: UserEntity): AdminUser {
  return { ...toUser(row), createdAt: row.createdAt.toISOString(), deactivated: row.deactivatedAt !== null };
}
