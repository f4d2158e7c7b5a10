import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CloseCode } from '@parley/contracts';
import { AccountEvents } from '../../auth/account-events.js';
import { MembersService } from '../../members/members.service.js';
import { ReadMarkersService } from '../../reading/read-markers.service.js';
import { Connections } from '../state/connections.js';
import { RoomRelay } from './room-relay.js';

/**
 * What follows a change of membership or of a read marker. An addition or removal is told to the room as a `system`
 * notice (from the instance where it happened); every instance closes its sockets of a removed member with 4403 when
 * that notice reaches it. The member's own stream hears of it wherever it is open, through the account events. A
 * stored read marker becomes the room's `receipt`.
 */
@Injectable()
export class MembershipWatch implements OnModuleInit {
  constructor(
    private readonly members: MembersService,
    private readonly markers: ReadMarkersService,
    private readonly relay: RoomRelay,
    private readonly events: AccountEvents,
    private readonly connections: Connections,
  ) {}

  onModuleInit(): void {
    this.members.onChange((change) => {
      if (change.kind !== 'joined') {
        this.relay.emit({
          room: change.room.slug,
          type: 'system',
          data: {
            kind: change.kind,
            username: change.username,
            at: new Date().toISOString(),
            by: change.by ?? undefined,
          },
        });
      }
      this.events.publish({
        type: 'membership-changed',
        userId: change.userId,
        roomId: change.room.id,
        slug: change.room.slug,
        change: change.kind,
        by: change.by,
      });
    });
    this.relay.on('system', (event) => {
      if (event.data.kind === 'removed') this.closeRemoved(event.room, event.data.username);
    });
    this.markers.onMoved((move) =>
      this.relay.emit({
        room: move.room.slug,
        type: 'receipt',
        data: { userId: move.userId, username: move.username, seq: move.readSeq },
      }),
    );
  }

  private closeRemoved(room: string, username: string): void {
    for (const session of this.connections.roomSessions()) {
      if (session.room.slug === room && !session.identity.isGuest && session.identity.username === username) {
        session.close(CloseCode.RemovedFromRoom, 'You are no longer a member of this room');
      }
    }
  }
}
