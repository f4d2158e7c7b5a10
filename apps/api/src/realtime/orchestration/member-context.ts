import { Injectable } from '@nestjs/common';
import type { HistoryData } from '@parley/contracts';
import type { Identity } from '../../identity/identity.js';
import { MembersService } from '../../members/members.service.js';
import type { RoomRef } from '../../rooms/room-ref.js';

/** What a joining connection's membership adds: a signed-in user opening a public room becomes a member; a member's history carries their read marker and the room's receipts. */
@Injectable()
export class MemberContext {
  constructor(private readonly members: MembersService) {}

  async enter(room: RoomRef, identity: Identity): Promise<Pick<HistoryData, 'readSeq' | 'receipts'>> {
    const { userId, username } = identity;
    if (userId === null) return {};
    if (room.visibility === 'public') await this.members.joinOnOpen(room, userId, username);
    const [readSeq, readers] = await Promise.all([this.members.readSeq(room, userId), this.members.readers(room)]);
    if (readSeq === null) return {};
    return {
      readSeq,
      receipts: readers.map((reader) => ({ userId: reader.userId, username: reader.username, seq: reader.readSeq })),
    };
  }
}
