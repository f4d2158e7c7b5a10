import { Injectable, Logger } from '@nestjs/common';
import { CloseCode } from '@parley/contracts';
import type { WebSocket } from 'ws';
import { inBackground } from '../../common/background.js';
import { OnDomainEvent, type DomainEventMap, type MembershipChange } from '../../events/domain-events.js';
import type { Identity } from '../../identity/identity.js';
import { MembersService } from '../../members/members.service.js';
import type { MyRoomRow } from '../../members/members.repository.js';
import { OnlineRegistry } from '../../online/online-registry.js';
import { toMyRoom } from '../../rooms/room-summary.js';
import { MyRoomUpdates } from '../state/my-room-updates.js';
import { SessionFactory } from '../state/session-factory.js';
import { StreamedUsers, type StreamedUser } from '../state/streamed-users.js';
import type { UserStream } from '../state/user-stream.js';
import { AccessVerifier } from './admission/access-verifier.js';
import { RoomRelay } from './room-relay.js';

/**
 * Users' own streams (`/ws/~me`): a signed-in client's rooms change live, for every room it belongs to, without a
 * socket per room. Opening a user's first stream here reads their rooms once (a second tab opening meanwhile waits
 * for the same read, then gets every room too) and watches them through the relay; the counts follow the rooms'
 * events (UnreadCounts); rooms joined or left follow the membership changes. The stream counts as the user being
 * online from when it got its rooms until it closes.
 */
@Injectable()
export class UserStreamsService {
  private readonly logger = new Logger(UserStreamsService.name);

  constructor(
    private readonly users: StreamedUsers,
    private readonly updates: MyRoomUpdates,
    private readonly members: MembersService,
    private readonly relay: RoomRelay,
    private readonly sessions: SessionFactory,
    private readonly online: OnlineRegistry,
    private readonly verifier: AccessVerifier,
  ) {}

  async open(socket: WebSocket, identity: Identity, grantAt: number): Promise<UserStream | null> {
    const userId = identity.userId!;
    const stream = this.sessions.createUserStream(socket, identity, grantAt);
    const user = this.users.get(userId) ?? this.users.add(userId, identity.username, (added) => this.loadRooms(added));
    try {
      await user.loaded;
    } catch (error) {
      this.logger.warn(`Opening the stream of ${identity.username} failed: ${(error as Error).message}`);
      if (this.users.isCurrent(user) && user.streams.size === 0) this.forget(user);
      socket.close(CloseCode.InternalError, 'Could not open your stream, try again');
      return null;
    }
    const live = socket.readyState === socket.OPEN && (await this.verifier.stillHolds(stream, null));
    if (!live || !this.users.isCurrent(user)) {
      if (this.users.isCurrent(user) && user.streams.size === 0) this.forget(user);
      return null;
    }
    user.streams.add(stream);
    this.online.connected(userId);
    for (const { state } of user.rooms.values()) stream.reply({ event: 'my_room', data: state });
    return stream;
  }

  close(stream: UserStream): void {
    const user = this.users.get(stream.identity.userId!);
    if (!user?.streams.delete(stream)) return;
    this.online.disconnected(user.userId);
    if (user.streams.size === 0) this.forget(user);
  }

  /** The user joined, was added to or removed from a room (here or on another instance): their streams follow it. */
  @OnDomainEvent('membership.changed')
  membershipChanged(change: MembershipChange): void {
    const user = this.users.get(change.userId);
    if (!user) return;
    if (change.kind === 'removed') {
      if (this.users.untrack(user, change.room.slug)) this.relay.release(change.room.slug);
      this.updates.removed(user, change.room.slug, change.by);
      return;
    }
    inBackground(this.follow(user, change.room.id), this.logger, `Following ${change.room.slug} for ${user.username}`);
  }

  /** The user chose a level for one of their rooms (in any tab, on any instance): every stream of theirs shows it. */
  @OnDomainEvent('notify.changed')
  notifyChanged({ userId, slug, level }: DomainEventMap['notify.changed']): void {
    const user = this.users.get(userId);
    const followed = user?.rooms.get(slug);
    if (!user || !followed) return;
    followed.state = { ...followed.state, notify: level };
    this.updates.schedule(user, slug);
  }

  /** Fails (and the opening streams with it) when the rooms cannot be read; nothing of them stays tracked then. */
  private async loadRooms(user: StreamedUser): Promise<void> {
    try {
      for (const row of await this.members.myRooms(user.userId, user.username)) await this.track(user, row);
    } catch (error) {
      this.forget(user);
      throw error;
    }
  }

  private async follow(user: StreamedUser, roomId: number): Promise<void> {
    const [row] = await this.members.myRooms(user.userId, user.username, roomId);
    if (!row || !this.users.isCurrent(user)) return;
    await this.track(user, row);
    this.updates.schedule(user, row.room.slug);
  }

  private async track(user: StreamedUser, row: MyRoomRow): Promise<void> {
    const { id, slug, name, visibility, kind, guests } = row.room;
    const ref = { id, slug, name, visibility, kind, guests };
    if (!this.users.track(user, { ref, state: toMyRoom(row) })) return;
    try {
      await this.relay.watch(ref);
    } catch (error) {
      this.users.untrack(user, slug);
      throw error;
    }
  }

  private forget(user: StreamedUser): void {
    for (const slug of this.users.remove(user)) this.relay.release(slug);
    this.updates.forget(user);
  }
}
