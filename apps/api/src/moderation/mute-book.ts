import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventLink } from '../events/event-link.js';
import { OnDomainEvent, type ModerationChange } from '../events/domain-events.js';
import { RestrictionsRepository } from './restrictions.repository.js';

/** Per user id, when their mute ends (ms since the epoch). */
type RoomMutes = Map<string, number>;

/**
 * This instance's copy of the mutes in force in the rooms its connections are in, so every frame a member sends is
 * checked against it without a query: a room's mutes are read once, when its first connection here joins, and kept
 * current by `moderation.changed` from every instance. After an outage of the link they are read again when next
 * needed (changes told meanwhile may have been missed).
 */
@Injectable()
export class MuteBook implements OnModuleInit {
  private readonly rooms = new Map<number, Promise<RoomMutes>>();
  private readonly loaded = new Map<number, RoomMutes>();

  constructor(
    private readonly restrictions: RestrictionsRepository,
    private readonly link: EventLink,
  ) {}

  onModuleInit(): void {
    this.link.onResumed(() => {
      this.rooms.clear();
      this.loaded.clear();
    });
  }

  /** Reads the room's mutes unless they are known here; every check of that room after this answers at once. */
  async load(roomId: number): Promise<void> {
    let reading = this.rooms.get(roomId);
    if (!reading) {
      reading = this.restrictions.activeMutes(roomId).then((rows) => {
        const mutes: RoomMutes = new Map(rows.map((row) => [row.userId, row.until.getTime()]));
        // Changes told while the read was running were kept in a map of their own: they are newer than the read.
        for (const [userId, until] of this.loaded.get(roomId) ?? []) mutes.set(userId, until);
        this.loaded.set(roomId, mutes);
        return mutes;
      });
      reading.catch(() => this.rooms.delete(roomId));
      this.rooms.set(roomId, reading);
    }
    await reading;
  }

  /** When the user's mute in the room ends (ms since the epoch); null when they are not muted (or it is not loaded). */
  mutedUntil(roomId: number, userId: string | null, now = Date.now()): number | null {
    if (userId === null) return null;
    const until = this.loaded.get(roomId)?.get(userId);
    return until !== undefined && until > now ? until : null;
  }

  @OnDomainEvent('moderation.changed')
  changed(change: ModerationChange): void {
    if (change.kind !== 'mute' && change.kind !== 'unmute') return;
    let mutes = this.loaded.get(change.room.id);
    if (!mutes) {
      // Not read here yet: kept only while its read runs, whose result it is laid over.
      if (!this.rooms.has(change.room.id)) return;
      mutes = new Map();
      this.loaded.set(change.room.id, mutes);
    }
    if (change.kind === 'mute') mutes.set(change.userId, Date.parse(change.until));
    else mutes.set(change.userId, 0);
  }
}
