import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { CloseCode, mentionedUsernames, type MyRoom } from '@parley/contracts';
import type { WebSocket } from 'ws';
import { AccountEvents, type AccountEvent } from '../../auth/account-events.js';
import type { Identity } from '../../identity/identity.js';
import { MembersService } from '../../members/members.service.js';
import type { MemberCounts, MyRoomRow } from '../../members/members.repository.js';
import { OnlineRegistry } from '../../online/online-registry.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import { toMyRoom } from '../../rooms/room-summary.js';
import { encodeFrame } from '../state/encoded-frame.js';
import { SessionFactory } from '../state/session-factory.js';
import type { UserStream } from '../state/user-stream.js';
import { RoomRelay } from './room-relay.js';

/** One signed-in user's streams on this instance, and their rooms as the streams show them. */
interface StreamedUser {
  userId: string;
  username: string;
  streams: Set<UserStream>;
  rooms: Map<string, { ref: RoomRef; state: MyRoom }>;
}

/**
 * Users' own streams (`/ws/~me`): a signed-in client's rooms change live, for every room it belongs to, without a
 * socket per room. The instance holding a user's stream watches all their rooms through the relay and keeps each
 * room's counts current: a new message raises `lastSeq` (and `unread`, `mentions` when it is someone else's), a move
 * of the user's own marker is recounted from the database, and so is an edit or a delete of a message some of them
 * have not read, for all of those together. Changes go out as `my_room` frames, at most one per room
 * per event-loop turn; a room the user was removed from goes as `my_room_removed`.
 */
@Injectable()
export class UserStreamsService implements OnModuleInit {
  private readonly logger = new Logger(UserStreamsService.name);
  private readonly users = new Map<string, StreamedUser>();
  /** Per room slug, the streamed users who belong to it. */
  private readonly byRoom = new Map<string, Set<StreamedUser>>();
  private readonly due = new Map<StreamedUser, Set<string>>();
  /** Per room slug, the streamed users whose counts an edit or a delete may have changed, to recount together. */
  private readonly recountDue = new Map<string, Set<StreamedUser>>();

  constructor(
    private readonly members: MembersService,
    private readonly relay: RoomRelay,
    private readonly events: AccountEvents,
    private readonly sessions: SessionFactory,
    private readonly online: OnlineRegistry,
  ) {}

  onModuleInit(): void {
    this.relay.on('message', (event) => {
      const streamed = this.byRoom.get(event.room);
      if (!streamed) return;
      const message = event.data;
      const mentioned = mentionedUsernames(message.content);
      for (const user of streamed) {
        const entry = user.rooms.get(event.room)!;
        entry.state.lastSeq = Math.max(entry.state.lastSeq, message.seq);
        entry.state.lastMessageAt = message.createdAt;
        if (message.userId !== user.userId) {
          entry.state.unread += 1;
          if (mentioned.includes(user.username)) entry.state.mentions += 1;
        }
        this.schedule(user, event.room);
      }
    });
    // An edit or a delete can change what counts as unread or as a mention: recount where the message is unread.
    this.relay.on('message_updated', (event) => {
      for (const user of this.byRoom.get(event.room) ?? []) {
        const entry = user.rooms.get(event.room)!;
        entry.state.lastSeq = Math.max(entry.state.lastSeq, event.data.seq);
        if (event.data.message.seq > entry.state.readSeq) this.recountSoon(user, entry.ref);
        else this.schedule(user, event.room);
      }
    });
    this.relay.on('receipt', (event) => {
      const user = this.users.get(event.data.userId);
      if (user?.rooms.has(event.room)) void this.recount(user, user.rooms.get(event.room)!.ref);
    });
    this.events.on((event) => void this.membershipChanged(event));
  }

  async open(socket: WebSocket, identity: Identity): Promise<UserStream | null> {
    const { userId, username } = identity;
    const stream = this.sessions.createUserStream(socket, identity);
    let user = this.users.get(userId!);
    if (!user) {
      user = { userId: userId!, username, streams: new Set(), rooms: new Map() };
      this.users.set(userId!, user);
      try {
        for (const row of await this.members.myRooms(userId!, username)) await this.track(user, row);
      } catch (error) {
        this.logger.warn(`Opening the stream of ${username} failed: ${(error as Error).message}`);
        this.forget(user);
        socket.close(CloseCode.InternalError, 'Could not open your stream, try again');
        return null;
      }
    }
    user.streams.add(stream);
    this.online.connected(user.userId);
    for (const { state } of user.rooms.values()) stream.reply({ event: 'my_room', data: state });
    return stream;
  }

  close(stream: UserStream): void {
    const user = this.users.get(stream.identity.userId!);
    if (!user?.streams.delete(stream)) return;
    this.online.disconnected(user.userId);
    if (user.streams.size === 0) this.forget(user);
  }

  private async membershipChanged(event: AccountEvent): Promise<void> {
    if (event.type !== 'membership-changed') return;
    const user = this.users.get(event.userId);
    if (!user) return;
    if (event.change === 'removed') {
      this.untrack(user, event.slug);
      const frame = encodeFrame({ event: 'my_room_removed', data: { slug: event.slug, by: event.by } });
      for (const stream of user.streams) stream.deliver(frame);
      return;
    }
    const [row] = await this.members.myRooms(user.userId, user.username, event.roomId);
    if (row && this.users.get(user.userId) === user) {
      await this.track(user, row);
      this.schedule(user, row.room.slug);
    }
  }

  private async recount(user: StreamedUser, room: RoomRef): Promise<void> {
    const [row] = await this.members.myRooms(user.userId, user.username, room.id);
    const entry = user.rooms.get(room.slug);
    if (!row || !entry) return;
    entry.state = toMyRoom(row);
    this.schedule(user, room.slug);
  }

  /** Recounts the room's users that asked in this turn of the event loop in one go: one query for all of them. */
  private recountSoon(user: StreamedUser, room: RoomRef): void {
    let users = this.recountDue.get(room.slug);
    if (users) {
      users.add(user);
      return;
    }
    this.recountDue.set(room.slug, (users = new Set([user])));
    setImmediate(() => {
      this.recountDue.delete(room.slug);
      void this.recountTogether(room, [...users]);
    });
  }

  private async recountTogether(room: RoomRef, users: StreamedUser[]): Promise<void> {
    let counts: Map<string, MemberCounts>;
    try {
      counts = await this.members.countsInRoom(room, users);
    } catch (error) {
      this.logger.warn(`Recounting ${room.slug} for its streams failed: ${(error as Error).message}`);
      return;
    }
    for (const user of users) {
      const entry = user.rooms.get(room.slug);
      const count = counts.get(user.userId);
      if (!entry || !count) continue;
      entry.state = { ...entry.state, ...count };
      this.schedule(user, room.slug);
    }
  }

  private async track(user: StreamedUser, row: MyRoomRow): Promise<void> {
    const ref: RoomRef = {
      id: row.room.id,
      slug: row.room.slug,
      name: row.room.name,
      visibility: row.room.visibility,
      kind: row.room.kind,
    };
    const known = user.rooms.has(ref.slug);
    user.rooms.set(ref.slug, { ref, state: toMyRoom(row) });
    if (known) return;
    let streamed = this.byRoom.get(ref.slug);
    if (!streamed) this.byRoom.set(ref.slug, (streamed = new Set()));
    streamed.add(user);
    await this.relay.watch(ref);
  }

  private untrack(user: StreamedUser, slug: string): void {
    if (!user.rooms.delete(slug)) return;
    const streamed = this.byRoom.get(slug);
    streamed?.delete(user);
    if (streamed?.size === 0) this.byRoom.delete(slug);
    this.relay.release(slug);
  }

  private forget(user: StreamedUser): void {
    for (const slug of [...user.rooms.keys()]) this.untrack(user, slug);
    this.users.delete(user.userId);
    this.due.delete(user);
  }

  private schedule(user: StreamedUser, slug: string): void {
    let slugs = this.due.get(user);
    if (slugs) {
      slugs.add(slug);
      return;
    }
    this.due.set(user, (slugs = new Set([slug])));
    setImmediate(() => {
      this.due.delete(user);
      for (const dueSlug of slugs) {
        const entry = user.rooms.get(dueSlug);
        if (!entry) continue;
        const frame = encodeFrame({ event: 'my_room', data: entry.state });
        for (const stream of user.streams) stream.deliver(frame);
      }
    });
  }
}
