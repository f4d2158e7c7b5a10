import type { MyRoom } from '@parley/contracts';
import type { RoomRef } from '../../rooms/room-ref.js';
import type { UserStream } from './user-stream.js';

/** One room of a streamed user's, as their streams show it. */
export interface StreamedRoom {
  ref: RoomRef;
  state: MyRoom;
}

/** A signed-in user with streams (`/ws/~me`) open on this instance, and their rooms as those streams show them. */
export interface StreamedUser {
  userId: string;
  username: string;
  streams: Set<UserStream>;
  rooms: Map<string, StreamedRoom>;
  /** Their rooms' first read; tabs that open meanwhile wait for the same one. */
  loaded: Promise<void>;
}

/** The users streamed on this instance, and per room slug the ones who belong to it. */
export class StreamedUsers {
  private readonly users = new Map<string, StreamedUser>();
  private readonly byRoom = new Map<string, Set<StreamedUser>>();

  get(userId: string): StreamedUser | undefined {
    return this.users.get(userId);
  }

  /** A new entry, with no rooms yet; `load` reads them and is what every opening stream waits for. */
  add(userId: string, username: string, load: (user: StreamedUser) => Promise<void>): StreamedUser {
    const user: StreamedUser = { userId, username, streams: new Set(), rooms: new Map(), loaded: Promise.resolve() };
    this.users.set(userId, user);
    user.loaded = load(user);
    return user;
  }

  /** Whether the entry is still the user's (a failed load or the last close forgets it). */
  isCurrent(user: StreamedUser): boolean {
    return this.users.get(user.userId) === user;
  }

  /** The room as the user's streams will show it; true when it is new to them. */
  track(user: StreamedUser, room: StreamedRoom): boolean {
    const known = user.rooms.has(room.ref.slug);
    user.rooms.set(room.ref.slug, room);
    if (known) return false;
    let members = this.byRoom.get(room.ref.slug);
    if (!members) this.byRoom.set(room.ref.slug, (members = new Set()));
    members.add(user);
    return true;
  }

  /** True when the user followed the room until now. */
  untrack(user: StreamedUser, slug: string): boolean {
    if (!user.rooms.delete(slug)) return false;
    const members = this.byRoom.get(slug);
    members?.delete(user);
    if (members?.size === 0) this.byRoom.delete(slug);
    return true;
  }

  /** Forgets the user; returns the rooms they followed, each to be released. */
  remove(user: StreamedUser): string[] {
    const slugs = [...user.rooms.keys()];
    for (const slug of slugs) this.untrack(user, slug);
    if (this.isCurrent(user)) this.users.delete(user.userId);
    return slugs;
  }

  /** The streamed users who belong to the room. */
  inRoom(slug: string): Iterable<StreamedUser> {
    return this.byRoom.get(slug) ?? [];
  }
}
