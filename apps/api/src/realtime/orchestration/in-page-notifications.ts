import { Injectable } from '@nestjs/common';
import { notifies } from '@parley/contracts';
import { OnDomainEvent, type DomainEventMap } from '../../events/domain-events.js';
import { encodeFrame, type EncodedFrame } from '../state/encoded-frame.js';
import { StreamedUsers } from '../state/streamed-users.js';

/**
 * A new message that notifies a streamed user (someone else's, covered by their level in that room) goes to each of
 * their streams on this instance as `notification`, whichever room their tabs show: the page decides whether to
 * raise a desktop notification. Edits never notify; guests have no stream. The frame is encoded once for all of them,
 * and each stream still asks the access ledger before it is written (a session revoked meanwhile gets nothing).
 */
@Injectable()
export class InPageNotifications {
  constructor(private readonly users: StreamedUsers) {}

  @OnDomainEvent('room.message')
  messageArrived({ room, data: message }: DomainEventMap['room.message']): void {
    let frame: EncodedFrame | undefined;
    for (const user of this.users.inRoom(room)) {
      const { ref, state } = user.rooms.get(room)!;
      if (!notifies(state.notify, ref, message, user)) continue;
      frame ??= encodeFrame({
        event: 'notification',
        data: { room: { slug: ref.slug, name: ref.name, kind: ref.kind }, message },
      });
      for (const stream of user.streams) stream.deliver(frame);
    }
  }
}
