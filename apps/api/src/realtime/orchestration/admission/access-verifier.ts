import { Injectable } from '@nestjs/common';
import { SessionsService } from '../../../auth/sessions.service.js';
import type { Identity } from '../../../identity/identity.js';
import { MembersService } from '../../../members/members.service.js';
import { RoomsService } from '../../../rooms/rooms.service.js';
import { UsersService } from '../../../users/users.service.js';
import { AccessLedger, REVOKED, type Revocation } from '../../state/access-ledger.js';
import type { SocketWriter } from '../../state/socket-writer.js';

/** A connection whose rights are read again: who, and in which room (null: a user's own stream). */
export interface HeldRights {
  identity: Identity;
  roomId: number | null;
}

/**
 * Reads connections' rights from the database, all at once (four queries however many): whether each signed-in
 * connection's session is still active and its user still a member of the room (a ban removes them), and whether each
 * guest's name now passes for a registered user and their room still takes guests. What the upgrade checked, checked
 * again when a grant may have missed a revocation.
 */
@Injectable()
export class AccessVerifier {
  constructor(
    private readonly sessions: SessionsService,
    private readonly members: MembersService,
    private readonly users: UsersService,
    private readonly rooms: RoomsService,
    private readonly ledger: AccessLedger,
  ) {}

  /**
   * Whether a connection about to go live may: the ledger's word on its grant, its rights read again from the
   * database first when the grant predates a resync. One revoked is closed with its code.
   */
  async stillHolds(connection: SocketWriter, roomId: number | null): Promise<boolean> {
    if (this.ledger.check(connection.grant) === 'stale') {
      const readAt = this.ledger.current;
      const [revoked] = await this.recheck([{ identity: connection.identity, roomId }]);
      if (revoked) {
        connection.close(revoked.code, revoked.reason);
        return false;
      }
      this.ledger.renew(connection.grant, readAt);
    }
    return connection.stillAllowed();
  }

  /** For each connection, in the order given: null when its rights hold, otherwise what revoked them. */
  async recheck(held: readonly HeldRights[]): Promise<Array<Revocation | null>> {
    const sessionIds = held.flatMap(({ identity }) => (identity.sessionId === null ? [] : [identity.sessionId]));
    const memberships = held.flatMap(({ identity, roomId }) =>
      identity.userId === null || roomId === null ? [] : [{ roomId, userId: identity.userId }],
    );
    const guestNames = held.flatMap(({ identity }) => (identity.isGuest ? [identity.username] : []));
    const guestRooms = held.flatMap(({ identity, roomId }) => (identity.isGuest && roomId !== null ? [roomId] : []));
    const [active, members, taken, rooms] = await Promise.all([
      this.sessions.activeAmong(sessionIds),
      this.members.membershipsAmong(memberships),
      this.users.registeredAmong(guestNames),
      this.rooms.byIds(guestRooms),
    ]);
    const closedToGuests = new Set(rooms.filter((room) => !room.guests).map((room) => room.id));
    return held.map(({ identity, roomId }) => {
      if (identity.isGuest) {
        if (taken.has(identity.username)) return REVOKED.guestName;
        return roomId !== null && closedToGuests.has(roomId) ? REVOKED.guestsOff : null;
      }
      if (identity.sessionId !== null && !active.has(identity.sessionId)) return REVOKED.session;
      if (roomId !== null && !members.has(`${roomId}:${identity.userId}`)) return REVOKED.membership;
      return null;
    });
  }
}
