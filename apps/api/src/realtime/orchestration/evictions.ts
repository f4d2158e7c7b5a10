import { Injectable } from '@nestjs/common';
import {
  OnDomainEvent,
  type DomainEventMap,
  type MembershipChange,
  type ModerationChange,
} from '../../events/domain-events.js';
import { AccessLedger } from '../state/access-ledger.js';
import { Connections } from '../state/connections.js';

/**
 * What revokes a connection's rights, wherever it happened: a session revoked (4401: signed out, password changed, a
 * stolen refresh token, the account deactivated), a member removed from a room, leaving it or banned (4403), a guest's
 * name registered (4004), guests turned away from a room (4401). Each is
 * recorded in the access ledger first — so a connection still joining, or one whose close waits for its replies,
 * takes no frame and gets no event from then on — and the connections open here are closed.
 */
@Injectable()
export class Evictions {
  constructor(
    private readonly ledger: AccessLedger,
    private readonly connections: Connections,
  ) {}

  @OnDomainEvent('sessions.revoked')
  sessionsRevoked({ sessionIds }: DomainEventMap['sessions.revoked']): void {
    this.ledger.sessionsRevoked(sessionIds);
    this.closeRevoked();
  }

  @OnDomainEvent('membership.changed')
  membershipChanged(change: MembershipChange): void {
    if (change.kind !== 'removed') return;
    this.ledger.memberRemoved(change.room.id, change.userId);
    this.closeRevoked();
  }

  @OnDomainEvent('moderation.changed')
  moderated(change: ModerationChange): void {
    if (change.kind === 'ban') this.ledger.banned(change.room.id, change.userId);
    else if (change.kind === 'guests' && !change.guests) this.ledger.guestsTurnedOff(change.room.id);
    else return;
    this.closeRevoked();
  }

  @OnDomainEvent('account.changed')
  nameRegistered(change: DomainEventMap['account.changed']): void {
    if (change.kind !== 'registered') return;
    this.ledger.nameRegistered(change.username);
    this.closeRevoked();
  }

  /** Every connection asks the ledger: those it revoked close themselves with their code. */
  private closeRevoked(): void {
    for (const session of this.connections.all()) session.stillAllowed();
  }
}
