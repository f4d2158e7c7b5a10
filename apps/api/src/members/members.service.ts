import { Injectable } from '@nestjs/common';
import type { Member, MemberRole, NotificationLevel } from '@parley/contracts';
import type { Principal } from '../auth/principal.js';
import { Transactions } from '../database/transactions.js';
import { DomainEvents, type MembershipChange } from '../events/domain-events.js';
import { OnlineRegistry } from '../online/online-registry.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { mayAddMembers, mayChangeRole, mayRemoveMember, type Verdict } from '../rooms/room-policy.js';
import { refusalException } from '../rooms/refusal.exception.js';
import { RoomNotFoundException } from '../rooms/rooms.exceptions.js';
import { UsersService } from '../users/users.service.js';
import { AuditLog } from '../audit/audit-log.js';
import { RestrictionsRepository } from '../moderation/restrictions.repository.js';
import {
  AlreadyMemberException,
  BannedException,
  NotMemberException,
  UserNotFoundException,
} from './members.exceptions.js';
import { MembersRepository, type MemberCounts, type MemberRow, type MyRoomRow } from './members.repository.js';

/** The role of whoever creates a room with POST (signed in): its owner. Rooms made by opening them have none. */
const CREATOR_ROLE: MemberRole = 'owner';

/**
 * Who belongs to which room, with what role. Every change of a membership is decided by the room policy on the roles
 * as they are inside the change's own transaction (the actor's and the target's rows locked), so two changes at once
 * cannot both pass on what the other is about to undo: a room has exactly one owner at every moment. Each change is
 * told as `membership.changed` after its commit.
 */
@Injectable()
export class MembersService {
  /** Per room id, the read of its readers that the joiners of this event-loop turn share. */
  private readonly readerReads = new Map<number, Promise<MemberRow[]>>();

  constructor(
    private readonly members: MembersRepository,
    private readonly users: UsersService,
    private readonly online: OnlineRegistry,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
    private readonly restrictions: RestrictionsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** The user's role in the room; null for a non-member, and for a guest (no user id). */
  async roleOf(room: RoomRef, userId: string | null): Promise<MemberRole | null> {
    if (userId === null) return null;
    return (await this.members.find(room.id, userId))?.role ?? null;
  }

  /** The rooms the user belongs to now (none for a guest). */
  roomIdsOf(userId: string | null): Promise<number[]> {
    return userId === null ? Promise.resolve([]) : this.members.roomIdsOf(userId);
  }

  /** Of these (room, user) pairs, those that are memberships now, as `roomId:userId`. */
  membershipsAmong(pairs: ReadonlyArray<{ roomId: number; userId: string }>): Promise<Set<string>> {
    return this.members.existing(pairs);
  }

  /** The member's notification level in the room; 404 as for no room when they are no member. */
  async setNotificationLevel(room: RoomRef, userId: string, level: NotificationLevel): Promise<NotificationLevel> {
    if ((await this.members.find(room.id, userId)) === null) throw new RoomNotFoundException(room.slug);
    await this.members.setNotify(room.id, userId, level);
    this.events.emit('notify.changed', { userId, slug: room.slug, level });
    return level;
  }

  async list(room: RoomRef): Promise<Member[]> {
    const rows = await this.members.list(room.id);
    const online = await this.online.areOnline(rows.map((row) => row.userId));
    return rows.map((row, i) => toMember(row, online[i]));
  }

  /** Whoever creates a room with POST owns it. */
  async addCreator(room: RoomRef, creator: Principal): Promise<void> {
    if (await this.members.add(room.id, creator.userId, CREATOR_ROLE, new Date())) {
      this.tell({ room, userId: creator.userId, username: creator.username, kind: 'joined', by: null });
    }
  }

  /**
   * A signed-in user who opens a public room becomes a member of it, as joining a channel does — unless banned: the
   * ban is read after the insert, so a ban committed at any moment before it is found (on MySQL a ban being decided
   * holds the membership's gap lock, so the insert waits for it), and the membership is taken back.
   */
  async joinOnOpen(room: RoomRef, userId: string, username: string): Promise<void> {
    if (!(await this.members.add(room.id, userId, 'member', new Date()))) return;
    if (await this.restrictions.isBanned(room.id, userId)) {
      await this.transactions.run((manager) => this.members.remove(manager, room.id, userId));
      return;
    }
    this.tell({ room, userId, username, kind: 'joined', by: null });
  }

  /** Both people of a DM, once; each of their streams starts following it. */
  async addDmMembers(room: RoomRef, people: ReadonlyArray<{ id: string; username: string }>): Promise<void> {
    for (const person of people) {
      if (await this.members.add(room.id, person.id, 'member', new Date())) {
        this.tell({ room, userId: person.id, username: person.username, kind: 'joined', by: null });
      }
    }
  }

  async add(room: RoomRef, actor: Principal, username: string): Promise<Member> {
    const user = await this.users.findByUsername(username);
    await this.transactions.run(async (manager) => {
      const roles = await this.members.lockRoles(manager, room.id, [actor.userId]);
      enforce(mayAddMembers(room, { role: roles.get(actor.userId) ?? null }));
      if (!user) throw new UserNotFoundException(username);
      if (!(await this.members.add(room.id, user.id, 'member', new Date(), manager))) {
        throw new AlreadyMemberException(username);
      }
      // After the insert, which waits on MySQL for a ban being decided (it holds the membership's gap lock): a ban
      // committed meanwhile is read here and rolls the insert back.
      if (await this.restrictions.isBanned(room.id, user.id, manager)) throw new BannedException(username);
    });
    this.tell({ room, userId: user!.id, username: user!.username, kind: 'added', by: actor.username });
    const [online] = await this.online.areOnline([user!.id]);
    return { userId: user!.id, username: user!.username, role: 'member', online };
  }

  async remove(room: RoomRef, actor: Principal, username: string): Promise<void> {
    const target = await this.userNamed(username);
    await this.transactions.run(async (manager) => {
      const roles = await this.members.lockRoles(manager, room.id, [actor.userId, target.id]);
      const targetRole = roles.get(target.id);
      if (targetRole === undefined) throw new NotMemberException(username);
      const self = target.id === actor.userId;
      enforce(mayRemoveMember(room, { role: roles.get(actor.userId) ?? null }, targetRole, self));
      await this.members.remove(manager, room.id, target.id);
      if (!self) {
        await this.audit.record(manager, {
          actor: actor.username,
          action: 'member_remove',
          target: target.username,
          roomId: room.id,
          details: { role: targetRole },
        });
      }
    });
    this.tell({ room, userId: target.id, username: target.username, kind: 'removed', by: actor.username });
  }

  /** Making someone owner hands ownership over: the old owner becomes an admin, in the same transaction. */
  async changeRole(room: RoomRef, actor: Principal, username: string, role: MemberRole): Promise<Member> {
    const target = await this.userNamed(username);
    await this.transactions.run(async (manager) => {
      const roles = await this.members.lockRoles(manager, room.id, [actor.userId, target.id]);
      if (!roles.has(target.id)) throw new NotMemberException(username);
      const self = target.id === actor.userId;
      enforce(mayChangeRole(room, { role: roles.get(actor.userId) ?? null }, self));
      const was = roles.get(target.id)!;
      if (was === role) return;
      if (role === 'owner') await this.members.setRole(manager, room.id, actor.userId, 'admin');
      await this.members.setRole(manager, room.id, target.id, role);
      await this.audit.record(manager, {
        actor: actor.username,
        action: role === 'owner' ? 'owner_handover' : 'role_change',
        target: target.username,
        roomId: room.id,
        details: { from: was, to: role },
      });
    });
    const [online] = await this.online.areOnline([target.id]);
    return { userId: target.id, username: target.username, role, online };
  }

  /**
   * The members whose marker is above 0 (a member's history carries them as receipts). Joiners of a room in the same
   * event-loop turn share one read, which starts after all of them registered: a storm of N members costs one query,
   * not N of N rows each.
   */
  readers(room: RoomRef): Promise<MemberRow[]> {
    let read = this.readerReads.get(room.id);
    if (!read) {
      read = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.readerReads.delete(room.id);
        return this.members.readers(room.id);
      });
      this.readerReads.set(room.id, read);
    }
    return read;
  }

  /** The member's marker; null for a non-member. */
  async readSeq(room: RoomRef, userId: string): Promise<number | null> {
    return (await this.members.find(room.id, userId))?.readSeq ?? null;
  }

  moveReadMarker(room: RoomRef, userId: string, seq: number): Promise<boolean> {
    return this.members.moveReadMarker(room.id, userId, seq);
  }

  myRooms(userId: string, username: string, onlyRoomId?: number): Promise<MyRoomRow[]> {
    return this.members.myRooms(userId, username, onlyRoomId);
  }

  countsInRoom(
    room: RoomRef,
    members: ReadonlyArray<{ userId: string; username: string }>,
  ): Promise<Map<string, MemberCounts>> {
    return this.members.countsInRoom(room.id, members);
  }

  private async userNamed(username: string): Promise<{ id: string; username: string }> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new NotMemberException(username);
    return user;
  }

  private tell(change: MembershipChange): void {
    this.events.emit('membership.changed', change);
  }
}

function enforce(verdict: Verdict): void {
  if (verdict) throw refusalException(verdict);
}

function toMember(row: MemberRow, online: boolean): Member {
  return { userId: row.userId, username: row.username, role: row.role, online };
}
