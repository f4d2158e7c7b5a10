import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { normalizeRoomSlug } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../auth/principal.js';
import { MembersService } from '../members/members.service.js';
import { refusalException } from '../rooms/refusal.exception.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { mayManage } from '../rooms/room-policy.js';
import { RoomNotFoundException } from '../rooms/rooms.exceptions.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';

/** A room as its moderator reaches it. */
export interface ManagedRoom {
  room: RoomRef;
  serverAdmin: boolean;
}

type ModeratorRequest = IncomingMessage & {
  params: Record<string, string>;
  principal?: Principal;
  managedRoom?: ManagedRoom;
};

/**
 * Every endpoint of a room's moderation (behind BearerAuthGuard): the room policy's `mayManage` on the actor's role and
 * admin status read now — 404 for no room or a private one they cannot see, 403 for anyone else — decided before the
 * body is even validated, so an outsider learns nothing from its errors. The route gets the room with `@Managed()`.
 */
@Injectable()
export class RoomManagerGuard implements CanActivate {
  constructor(
    private readonly rooms: RoomsService,
    private readonly members: MembersService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ModeratorRequest>();
    const actor = request.principal!;
    const slug = normalizeRoomSlug(String(request.params.slug));
    const room = slug ? await this.rooms.find(slug) : null;
    if (!room) throw new RoomNotFoundException(String(request.params.slug));
    const [role, serverAdmin] = await Promise.all([
      this.members.roleOf(room, actor.userId),
      this.users.isActiveAdmin(actor.userId),
    ]);
    const refusal = mayManage(room, { role, serverAdmin });
    if (refusal) throw refusalException(refusal);
    request.managedRoom = { room, serverAdmin };
    return true;
  }
}

/** The room RoomManagerGuard let its moderator into. */
export const Managed = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ManagedRoom =>
    context.switchToHttp().getRequest<ModeratorRequest>().managedRoom!,
);
