import { Injectable, Logger } from '@nestjs/common';
import { mentionedUsernames } from '@parley/contracts';
import { inBackground } from '../../common/background.js';
import { OnDomainEvent, type DomainEventMap } from '../../events/domain-events.js';
import { MembersService } from '../../members/members.service.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import { toMyRoom } from '../../rooms/room-summary.js';
import { MyRoomUpdates } from '../state/my-room-updates.js';
import { StreamedUsers, type StreamedUser } from '../state/streamed-users.js';

/**
 * Keeps each streamed user's rooms counted as the rooms' events arrive on this instance: a new message raises
 * `lastSeq` (and `unread`, `mentions` when it is someone else's); a move of the user's own marker is recounted from
 * the database, and so is an edit or a delete of a message some of them have not read, for all of those together (one
 * query per room and turn).
 */
@Injectable()
export class UnreadCounts {
  private readonly logger = new Logger(UnreadCounts.name);
  /** Per room slug, the streamed users whose counts an edit or a delete may have changed, to recount together. */
  private readonly recountDue = new Map<string, Set<StreamedUser>>();

  constructor(
    private readonly users: StreamedUsers,
    private readonly updates: MyRoomUpdates,
    private readonly members: MembersService,
  ) {}

  @OnDomainEvent('room.message')
  messageArrived({ room, data: message }: DomainEventMap['room.message']): void {
    let mentioned: string[] | undefined;
    for (const user of this.users.inRoom(room)) {
      const { state } = user.rooms.get(room)!;
      state.lastSeq = Math.max(state.lastSeq, message.seq);
      state.lastMessageAt = message.createdAt;
      if (message.userId !== user.userId) {
        state.unread += 1;
        mentioned ??= mentionedUsernames(message.content);
        if (mentioned.includes(user.username)) state.mentions += 1;
      }
      this.updates.schedule(user, room);
    }
  }

  /** An edit or a delete can change what counts as unread or as a mention: recount where the message is unread. */
  @OnDomainEvent('room.message_updated')
  messageChanged({ room, data }: DomainEventMap['room.message_updated']): void {
    for (const user of this.users.inRoom(room)) {
      const followed = user.rooms.get(room)!;
      followed.state.lastSeq = Math.max(followed.state.lastSeq, data.seq);
      if (data.message.seq > followed.state.readSeq) this.recountSoon(user, followed.ref);
      else this.updates.schedule(user, room);
    }
  }

  @OnDomainEvent('room.receipt')
  markerMoved({ room, data }: DomainEventMap['room.receipt']): void {
    const user = this.users.get(data.userId);
    const followed = user?.rooms.get(room);
    if (user && followed) inBackground(this.recount(user, followed.ref), this.logger, `Recounting ${room}`);
  }

  private async recount(user: StreamedUser, room: RoomRef): Promise<void> {
    const [row] = await this.members.myRooms(user.userId, user.username, room.id);
    const followed = user.rooms.get(room.slug);
    if (!row || !followed) return;
    followed.state = toMyRoom(row);
    this.updates.schedule(user, room.slug);
  }

  private recountSoon(user: StreamedUser, room: RoomRef): void {
    let users = this.recountDue.get(room.slug);
    if (users) {
      users.add(user);
      return;
    }
    this.recountDue.set(room.slug, (users = new Set([user])));
    setImmediate(() => {
      this.recountDue.delete(room.slug);
      inBackground(this.recountTogether(room, [...users]), this.logger, `Recounting ${room.slug} for its streams`);
    });
  }

  private async recountTogether(room: RoomRef, users: StreamedUser[]): Promise<void> {
    const counts = await this.members.countsInRoom(room, users);
    for (const user of users) {
      const followed = user.rooms.get(room.slug);
      const count = counts.get(user.userId);
      if (!followed || !count) continue;
      followed.state = { ...followed.state, ...count };
      this.updates.schedule(user, room.slug);
    }
  }
}
