import { Injectable, NotFoundException } from '@nestjs/common';
import type { Ban, BanRequest, MemberRole, Mute, MuteRequest } from '@parley/contracts';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { Transactions } from '../database/transactions.js';
import { DomainEvents } from '../events/domain-events.js';
import { MembersRepository } from '../members/members.repository.js';
import { UserNotFoundException } from '../members/members.exceptions.js';
import { refusalException } from '../rooms/refusal.exception.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { mayModerate, type Verdict } from '../rooms/room-policy.js';
import { UsersService } from '../users/users.service.js';
import { RestrictionsRepository } from './restrictions.repository.js';
import type { ManagedRoom } from './room-manager.guard.js';
import { RoomBanEntity, RoomMuteEntity } from './room-restriction.entity.js';

const MINUTE_MS = 60_000;

/**
 * Bans and mutes. Each is decided by the room policy on the roles as they are inside the
 * change's own transaction (the actor's and the target's memberships locked), recorded in the audit log in that same
 * transaction, and told to every instance (`moderation.changed`) once committed: a ban closes the user's sockets to
 * the room and removes them from its members, a mute reaches the MuteBooks.
 */
@Injectable()
export class RoomModerationService {
  constructor(
    private readonly memberships: MembersRepository,
    private readonly users: UsersService,
    private readonly restrictions: RestrictionsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
  ) {}

  async ban({ room, serverAdmin }: ManagedRoom, actor: Principal, request: BanRequest): Promise<Ban> {
    const target = await this.registered(request.username);
    const at = new Date();
    const ban = Object.assign(new RoomBanEntity(), {
      roomId: room.id,
      userId: target.id,
      reason: request.reason ?? null,
      until: request.minutes === undefined ? null : new Date(at.getTime() + request.minutes * MINUTE_MS),
      byUsername: actor.username,
      createdAt: at,
    });
    const wasMember = await this.transactions.run(async (manager) => {
      const targetRole = await this.enforceOn(manager, room, actor, target, serverAdmin);
      await this.restrictions.putBan(manager, ban);
      if (targetRole !== null) await this.memberships.remove(manager, room.id, target.id);
      await this.audit.record(
        manager,
        {
          actor: actor.username,
          action: 'ban',
          target: target.username,
          roomId: room.id,
          details: { until: ban.until?.toISOString() ?? null, reason: ban.reason },
        },
        at,
      );
      return targetRole !== null;
    });
    // The ban first: the sockets it closes say why.
    this.events.emit('moderation.changed', { kind: 'ban', room, userId: target.id, username: target.username });
    if (wasMember) {
      this.events.emit('membership.changed', {
        room,
        userId: target.id,
        username: target.username,
        kind: 'removed',
        by: actor.username,
      });
    }
    return toBan({ ...ban, username: target.username });
  }

  /**
   * Lifting a ban follows the rule of placing one (never one's own; a room admin for plain members and non-members).
   */
  async unban({ room, serverAdmin }: ManagedRoom, actor: Principal, username: string): Promise<void> {
    const target = await this.registered(username);
    await this.transactions.run(async (manager) => {
      await this.enforceOn(manager, room, actor, target, serverAdmin);
      if (!(await this.restrictions.deleteBan(manager, room.id, target.id))) throw notRestricted(username, 'banned');
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'unban',
        target: target.username,
        roomId: room.id,
      });
    });
    this.events.emit('moderation.changed', { kind: 'unban', room, userId: target.id, username: target.username });
  }

  async bans({ room }: ManagedRoom): Promise<Ban[]> {
    return this.named(await this.restrictions.activeBans(room.id), toBan);
  }

  async mute({ room, serverAdmin }: ManagedRoom, actor: Principal, request: MuteRequest): Promise<Mute> {
    const target = await this.registered(request.username);
    const at = new Date();
    const mute = Object.assign(new RoomMuteEntity(), {
      roomId: room.id,
      userId: target.id,
      until: new Date(at.getTime() + request.minutes * MINUTE_MS),
      byUsername: actor.username,
      createdAt: at,
    });
    await this.transactions.run(async (manager) => {
      await this.enforceOn(manager, room, actor, target, serverAdmin);
      await this.restrictions.putMute(manager, mute);
      await this.audit.record(
        manager,
        {
          actor: actor.username,
          action: 'mute',
          target: target.username,
          roomId: room.id,
          details: { until: mute.until.toISOString() },
        },
        at,
      );
    });
    this.events.emit('moderation.changed', {
      kind: 'mute',
      room,
      userId: target.id,
      username: target.username,
      until: mute.until.toISOString(),
    });
    return toMute({ ...mute, username: target.username });
  }

  /** Lifting a mute follows the rule of placing one: a muted room admin cannot lift their own. */
  async unmute({ room, serverAdmin }: ManagedRoom, actor: Principal, username: string): Promise<void> {
    const target = await this.registered(username);
    await this.transactions.run(async (manager) => {
      await this.enforceOn(manager, room, actor, target, serverAdmin);
      if (!(await this.restrictions.deleteMute(manager, room.id, target.id))) throw notRestricted(username, 'muted');
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'unmute',
        target: target.username,
        roomId: room.id,
      });
    });
    this.events.emit('moderation.changed', { kind: 'unmute', room, userId: target.id, username: target.username });
  }

  async mutes({ room }: ManagedRoom): Promise<Mute[]> {
    return this.named(await this.restrictions.activeMutes(room.id), toMute);
  }

  /**
   * The room policy on acting on `target`, decided on both roles as they are in the caller's transaction (their
   * memberships locked until it ends); the target's role (null: no member).
   */
  private async enforceOn(
    manager: EntityManager,
    room: RoomRef,
    actor: Principal,
    target: { id: string },
    serverAdmin: boolean,
  ): Promise<MemberRole | null> {
    const roles = await this.memberships.lockRoles(manager, room.id, [actor.userId, target.id]);
    const targetRole = roles.get(target.id) ?? null;
    enforce(
      mayModerate(
        { role: roles.get(actor.userId) ?? null, serverAdmin },
        { role: targetRole, self: target.id === actor.userId },
      ),
    );
    return targetRole;
  }

  /** Bans or mutes as listed: each with the name of whom it holds back. */
  private async named<T extends { userId: string }, R>(
    rows: readonly T[],
    toListed: (row: T & { username: string }) => R,
  ): Promise<R[]> {
    const names = await this.users.usernamesOf(rows.map((row) => row.userId));
    return rows.map((row) => toListed({ ...row, username: names.get(row.userId) ?? row.userId }));
  }

  private async registered(username: string): Promise<{ id: string; username: string }> {
    const user = await this.users.findByUsername(username.toLowerCase());
    if (!user) throw new UserNotFoundException(username);
    return user;
  }
}

function enforce(verdict: Verdict): void {
  if (verdict) throw refusalException(verdict);
}

function notRestricted(username: string, what: 'banned' | 'muted'): NotFoundException {
  return new NotFoundException(`"${username}" is not ${what} here`);
}

function toBan(ban: RoomBanEntity & { username: string }): Ban {
  return {
    username: ban.username,
    reason: ban.reason,
    until: ban.until?.toISOString() ?? null,
    by: ban.byUsername,
    at: ban.createdAt.toISOString(),
  };
}

function toMute(mute: RoomMuteEntity & { username: string }): Mute {
  return {
    username: mute.username,
    until: mute.until.toISOString(),
    by: mute.byUsername,
    at: mute.createdAt.toISOString(),
  };
}
