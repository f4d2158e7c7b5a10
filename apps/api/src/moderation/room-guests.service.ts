import { Injectable } from '@nestjs/common';
import type { RoomSummary } from '@parley/contracts';
import { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { Transactions } from '../database/transactions.js';
import { DomainEvents } from '../events/domain-events.js';
import { refusalException } from '../rooms/refusal.exception.js';
import { mayChangeGuests } from '../rooms/room-policy.js';
import { RoomsService } from '../rooms/rooms.service.js';
import type { ManagedRoom } from './room-manager.guard.js';

/**
 * Whether a public room takes guests. A change is made under the room row's lock, recorded in the audit log in that
 * transaction, and told to every instance (`moderation.changed`), where guests already in the room are closed (4401)
 * and the cached room refuses the next ones.
 */
@Injectable()
export class RoomGuestsService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
  ) {}

  /** The same setting again changes nothing and records nothing. */
  async set({ room }: ManagedRoom, actor: Principal, guests: boolean): Promise<RoomSummary> {
    const refusal = mayChangeGuests(room);
    if (refusal) throw refusalException(refusal);
    const changed = await this.transactions.run(async (manager) => {
      const current = await this.rooms.lockGuests(manager, room);
      if (current === guests) return false;
      await this.rooms.setGuests(manager, room, guests);
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'guests_change',
        target: room.slug,
        roomId: room.id,
        details: { guests },
      });
      return true;
    });
    if (changed) this.events.emit('moderation.changed', { kind: 'guests', room: { ...room, guests }, guests });
    return this.rooms.summary(room);
  }
}
