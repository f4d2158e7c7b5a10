import { Injectable } from '@nestjs/common';
import { encodeFrame } from './encoded-frame.js';
import type { StreamedUser } from './streamed-users.js';

/**
 * Sends a streamed user's rooms as they change: each changed room as one `my_room` frame per event-loop turn however
 * often it changed in it, encoded once for all the user's streams.
 */
@Injectable()
export class MyRoomUpdates {
  private readonly due = new Map<StreamedUser, Set<string>>();

  schedule(user: StreamedUser, slug: string): void {
    const slugs = this.due.get(user);
    if (slugs) {
      slugs.add(slug);
      return;
    }
    this.due.set(user, new Set([slug]));
    setImmediate(() => this.send(user));
  }

  /** The user no longer belongs to the room: their streams hear it at once. */
  removed(user: StreamedUser, slug: string, by: string | null): void {
    this.due.get(user)?.delete(slug);
    const frame = encodeFrame({ event: 'my_room_removed', data: { slug, by } });
    for (const stream of user.streams) stream.deliver(frame);
  }

  forget(user: StreamedUser): void {
    this.due.delete(user);
  }

  private send(user: StreamedUser): void {
    const slugs = this.due.get(user);
    this.due.delete(user);
    for (const slug of slugs ?? []) {
      const room = user.rooms.get(slug);
      if (!room) continue;
      const frame = encodeFrame({ event: 'my_room', data: room.state });
      for (const stream of user.streams) stream.deliver(frame);
    }
  }
}
