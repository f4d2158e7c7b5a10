import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@parley/contracts';
import type { Principal } from '../auth/principal.js';
import { ApiErrorException } from '../common/api-error.exception.js';
import { Identity } from '../identity/identity.js';
import { MembersService } from '../members/members.service.js';
import { MessageNotFoundException } from '../messages/messages.exceptions.js';
import { MessagesService } from '../messages/messages.service.js';
import { mayManage, mayRead } from '../rooms/room-policy.js';
import { RoomNotFoundException } from '../rooms/rooms.exceptions.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';

/**
 * `DELETE /api/rooms/:slug/messages/:id`: a delete over REST, for whoever may delete the message and is not in the
 * room's socket (a server admin acting from the reports queue). It takes the same path as the socket's `delete`: the
 * room's log, the policy decided in the change's transaction, `message_updated` to everyone, the audit entry.
 */
@Injectable()
export class MessageRemovals {
  constructor(
    private readonly rooms: RoomsService,
    private readonly members: MembersService,
    private readonly users: UsersService,
    private readonly messages: MessagesService,
  ) {}

  async delete(slug: string, actor: Principal, messageId: string): Promise<void> {
    const room = await this.rooms.find(slug);
    if (!room) throw new RoomNotFoundException(slug);
    const [role, serverAdmin] = await Promise.all([
      this.members.roleOf(room, actor.userId),
      this.users.isActiveAdmin(actor.userId),
    ]);
    // Whoever reads the room, and a server admin also as the moderator of a room they are not in (as for its reports).
    const reachable =
      mayRead(room, { role }) === null || (serverAdmin && mayManage(room, { role, serverAdmin }) === null);
    if (!reachable) throw new RoomNotFoundException(slug);
    const outcome = await this.messages.change({
      room,
      sender: Identity.user(actor.userId, actor.username, actor.sessionId),
      messageId,
      action: { kind: 'delete', role, serverAdmin },
    });
    if (outcome.kind !== 'refused') return;
    if (outcome.code === ErrorCode.NotFound) throw new MessageNotFoundException(messageId);
    throw new ApiErrorException(403, outcome.code, outcome.reason);
  }
}
