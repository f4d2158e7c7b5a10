import { Injectable } from '@nestjs/common';
import { canSee, type MemberRole } from '@parley/contracts';
import type { Principal } from '../auth/principal.js';
import { MembersService } from '../members/members.service.js';
import type { RoomRef } from './room-ref.js';
import { RoomNotFoundException } from './rooms.exceptions.js';
import { RoomsService } from './rooms.service.js';

/** A room as one viewer may see it, with their role there. */
export interface VisibleRoom {
  room: RoomRef;
  role: MemberRole | null;
}

/**
 * Every room endpoint asks here first. A private room or DM exists only for its members: anyone else (no token, a
 * guest, another user) gets the same 404 as for a room that does not exist, so its existence is not revealed.
 */
@Injectable()
export class RoomAccess {
  constructor(
    private readonly rooms: RoomsService,
    private readonly members: MembersService,
  ) {}

  async visible(slug: string, viewer: Principal | null): Promise<VisibleRoom> {
    const room = await this.rooms.find(slug);
    const role = room ? await this.members.roleOf(room, viewer?.userId ?? null) : null;
    if (!room || !canSee(room, role)) throw new RoomNotFoundException(slug);
    return { room, role };
  }
}
