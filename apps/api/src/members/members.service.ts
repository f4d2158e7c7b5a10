import { Injectable } from '@nestjs/common';
import { canAddMembers, canChangeRole, canRemoveMember, type Member, type MemberRole } from '@parley/contracts';
import type { Principal } from '../auth/principal.js';
import { OnlineRegistry } from '../online/online-registry.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { UsersService } from '../users/users.service.js';
import {
  AlreadyMemberException,
  NotAllowedException,
  NotMemberException,
  UserNotFoundException,
} from './members.exceptions.js';
import { MembersRepository, type MemberCounts, type MemberRow, type MyRoomRow } from './members.repository.js';

/** The role of whoever creates a room with POST (signed in): its owner. Rooms made by opening them have none. */
const CREATOR_ROLE: MemberRole = 'owner';

/** A change to who belongs to a room, for whatever must follow it (room notices, closed sockets, sidebars). */
export interface MembershipChange {
  room: RoomRef;
  userId: string;
  username: string;
  /**
   * `joined`: they opened a public room, created a room, or a DM of theirs began; `added`/`removed`: someone (`by`)
   * did it, or they left (`by` is them).
   */
  kind: 'joined' | 'added' | 'removed';
  by: string | null;
}

/** Who belongs to which room, with what role; every rule about it is a function of the contracts' member-policy.ts. */
@Injectable()
export class MembersService {
  private readonly listeners: Array<(change: MembershipChange) => void> = [];
  /** Per room id, the read of its readers that the joiners of this event-loop turn share. */
  private readonly readerReads = new Map<number, Promise<MemberRow[]>>();

  constructor(
    private readonly members: MembersRepository,
    private readonly users: UsersService,
    private readonly online: OnlineRegistry,
  ) {}

  onChange(listener: (change: MembershipChange) => void): void {
    this.listeners.push(listener);
  }

  /** The user's role in the room; null for a non-member, and for a guest (no user id). */
  async roleOf(room: RoomRef, userId: string | null): Promise<MemberRole | null> {
    if (userId === null) return null;
    return (await this.members.find(room.id, userId))?.role ?? null;
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

  /** A signed-in user who opens a public room becomes a member of it, as joining a channel does. */
  async joinOnOpen(room: RoomRef, userId: string, username: string): Promise<void> {
    if (await this.members.add(room.id, userId, 'member', new Date())) {
      this.tell({ room, userId, username, kind: 'joined', by: null });
    }
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
    if (!canAddMembers(room, await this.roleOf(room, actor.userId)))
      throw new NotAllowedException('adding members here');
    const user = await this.users.findByUsername(username);
    if (!user) throw new UserNotFoundException(username);
    if (!(await this.members.add(room.id, user.id, 'member', new Date()))) throw new AlreadyMemberException(username);
    this.tell({ room, userId: user.id, username: user.username, kind: 'added', by: actor.username });
    const [online] = await this.online.areOnline([user.id]);
    return { userId: user.id, username: user.username, role: 'member', online };
  }

  async remove(room: RoomRef, actor: Principal, username: string): Promise<void> {
    const target = await this.memberNamed(room, username);
    const self = target.userId === actor.userId;
    const actorRole = self ? target.role : await this.roleOf(room, actor.userId);
    if (!canRemoveMember(room, actorRole, target.role, self)) throw new NotAllowedException('removing this member');
    if (!(await this.members.remove(room.id, target.userId))) throw new NotMemberException(username);
    this.tell({ room, userId: target.userId, username: target.username, kind: 'removed', by: actor.username });
  }

  /** Making someone owner hands ownership over: the old owner becomes an admin. */
  async changeRole(room: RoomRef, actor: Principal, username: string, role: MemberRole): Promise<Member> {
    const target = await this.memberNamed(room, username);
    const self = target.userId === actor.userId;
    if (!canChangeRole(room, await this.roleOf(room, actor.userId), self)) {
      throw new NotAllowedException('changing roles here');
    }
    if (role === 'owner') await this.members.handOver(room.id, actor.userId, target.userId);
    else await this.members.setRole(room.id, target.userId, role);
    const [online] = await this.online.areOnline([target.userId]);
    return { userId: target.userId, username: target.username, role, online };
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

  private async memberNamed(room: RoomRef, username: string): Promise<MemberRow> {
    const user = await this.users.findByUsername(username);
    const membership = user ? await this.members.find(room.id, user.id) : null;
    if (!user || !membership) throw new NotMemberException(username);
    return { userId: user.id, username: user.username, role: membership.role, readSeq: membership.readSeq };
  }

  private tell(change: MembershipChange): void {
    this.listeners.forEach((listener) => listener(change));
  }
}

function toMember(row: MemberRow, online: boolean): Member {
  return { userId: row.userId, username: row.username, role: row.role, online };
}
