import { BadRequestException, Injectable } from '@nestjs/common';
import type { RoomSummary } from '@parley/contracts';
import type { Principal } from '../auth/principal.js';
import { UserNotFoundException } from '../members/members.exceptions.js';
import { MembersService } from '../members/members.service.js';
import { UsersService } from '../users/users.service.js';
import { RoomsService } from './rooms.service.js';

/** DMs: the private room of two people, made on first ask, the same room ever after whichever of them asks. */
@Injectable()
export class DirectMessagesService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly members: MembersService,
    private readonly users: UsersService,
  ) {}

  async open(asker: Principal, username: string): Promise<RoomSummary> {
    if (username === asker.username) throw new BadRequestException('A DM needs someone else');
    const other = await this.users.findByUsername(username);
    if (!other) throw new UserNotFoundException(username);
    const { room } = await this.rooms.dm(
      { id: asker.userId, username: asker.username },
      { id: other.id, username: other.username },
    );
    // Also when the room existed: a concurrent creator may not have added both of them yet.
    await this.members.addDmMembers(room, [
      { id: asker.userId, username: asker.username },
      { id: other.id, username: other.username },
    ]);
    return this.rooms.summary(room);
  }
}
