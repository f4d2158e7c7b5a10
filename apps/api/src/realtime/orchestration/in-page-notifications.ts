import { Injectable } from '@nestjs/common';
import { notifies, type UserStreamFrame } from '@parley/contracts';
import { OnDomainEvent, type DomainEventMap } from '../../events/domain-events.js';
import { StreamedUsers } from '../state/streamed-users.js';

/**
 * A new message that notifies a streamed user (someone else's, covered by their level in that room) goes to each of
 * their streams on this instance as `notification`, whichever room their tabs show: the page decides whether to
 * raise a desktop notification. Edits never notify; guests have no stream.
 */
@Injectable()
export class InPageNotifications {
  constructor(private readonly users: StreamedUsers) {}

  @OnDomainEvent('room.message')
  messageArrived({ room, data: message }: DomainEventMap['room.message']): void {
    let frame: UserStreamFrame | undefined;
    for (const user of this.users.inRoom(room)) {
      const { ref, state } = user.rooms.get(room)!;
      if (!notifies(state.notify, ref, message, user)) continue;
      frame ??= { event: 'notification', data: { room: { slug: ref.slug, name: ref.name, kind: ref.kind }, message } };
      for (const stream of user.streams) stream.reply(frame);
    }
  }
}
