import { Injectable } from '@nestjs/common';
import { ErrorCode, type MemberRole } from '@parley/contracts';
import { ApiErrorException } from '../common/api-error.exception.js';
import type { Principal } from '../auth/principal.js';
import { MembersService } from '../members/members.service.js';
import type { RoomRef } from './room-ref.js';
import { RestrictionsRepository } from '../moderation/restrictions.repository.js';
import { mayOpen, mayRead, type SocketRefusal } from './room-policy.js';
import { RoomNotFoundException } from './rooms.exceptions.js';
import { RoomsService } from './rooms.service.js';

/** A room as one viewer may see it, with their role there. */
export interface VisibleRoom {
  room: RoomRef;
  role: MemberRole | null;
}

/**
 * Every room endpoint and every room socket asks here first, and the room policy answers. A private room or DM exists
 * only for its members: anyone else (no token, a guest, another user) gets the same 404 as for a room that does not
 * exist, so its existence is not revealed.
 */
@Injectable()
export class RoomAccess {
  constructor(
    private readonly rooms: RoomsService,
    private readonly members: MembersService,
    private readonly restrictions: RestrictionsRepository,
  ) {}

  async visible(slug: string, viewer: Pick<Principal, 'userId'> | null): Promise<VisibleRoom> {
    const found = await this.readable(slug, viewer?.userId ?? null);
    if (!found) throw new RoomNotFoundException(slug);
    return found;
  }

  /**
   * The room, if the user may take part in it now (post to it, upload to it): 404 as `visible`, and 403 for someone
   * banned from a public room (one banned from a private room is no member, so finds no room).
   */
  async takingPart(slug: string, viewer: Pick<Principal, 'userId'>): Promise<VisibleRoom> {
    const found = await this.forSocket(slug, viewer.userId);
    if (found === 'not-found') throw new RoomNotFoundException(slug);
    if ('closeCode' in found) throw new ApiErrorException(403, ErrorCode.Forbidden, 'You are banned from this room');
    if (found.room === null) throw new RoomNotFoundException(slug);
    return { room: found.room, role: found.role };
  }

  /** The room if it exists and the user (null: anyone) may read it; null otherwise. */
  async readable(slug: string, userId: string | null): Promise<VisibleRoom | null> {
    const room = await this.rooms.find(slug);
    if (room === null) return null;
    const role = await this.members.roleOf(room, userId);
    return mayRead(room, { role }) ? null : { room, role };
  }

  /** The room of this id if the viewer may read it (a file's room, say); the same 404 otherwise. */
  async visibleById(roomId: number, viewer: Pick<Principal, 'userId'> | null): Promise<VisibleRoom> {
    const [room] = await this.rooms.byIds([roomId]);
    if (!room) throw new RoomNotFoundException(String(roomId));
    const role = await this.members.roleOf(room, viewer?.userId ?? null);
    if (mayRead(room, { role })) throw new RoomNotFoundException(room.slug);
    return { room, role };
  }

  /**
   * What a socket to `slug` may open: the room with the user's role, `room: null` when there is none yet (opening a
   * public room's URL creates it), or the refusal: a room the user may not read is not found; a public room answers
   * a banned user and, where guests are off, a guest with the room policy's refusal.
   */
  async forSocket(
    slug: string,
    userId: string | null,
  ): Promise<{ room: RoomRef | null; role: MemberRole | null } | 'not-found' | SocketRefusal> {
    const room = await this.rooms.find(slug);
    if (room === null) return { room: null, role: null };
    const [role, banned] = await Promise.all([
      this.members.roleOf(room, userId),
      userId !== null && room.visibility === 'public' ? this.restrictions.isBanned(room.id, userId) : false,
    ]);
    if (mayRead(room, { role })) return 'not-found';
    return mayOpen(room, { userId, banned }) ?? { room, role };
  }
}
