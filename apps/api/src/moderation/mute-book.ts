import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { inBackground } from '../common/background.js';
import { EventLink } from '../events/event-link.js';
import { OnDomainEvent, type ModerationChange } from '../events/domain-events.js';
import { RestrictionsRepository } from './restrictions.repository.js';

/** Per user id, when their mute ends (ms since the epoch; 0: lifted). */
type RoomMutes = Map<string, number>;

/**
 * This instance's copy of the mutes in force in the rooms its connections are in, so every frame a member sends is
 * checked against it without a query: a room's mutes are read once, when its first connection here joins, and kept
 * current by `moderation.changed` from every instance. After an outage of the link, when changes told meanwhile may
 * have been missed, every room known here is read again (its copy answers until the new read lands).
 */
@Injectable()
export class MuteBook implements OnModuleInit {
  private readonly logger = new Logger(MuteBook.name);
  private readonly rooms = new Map<number, RoomMutes>();
  private readonly reads = new Map<number, Promise<void>>();
  /** Changes told while a room's read runs: newer than what the read returns, so laid over it. */
  private readonly toldDuringRead = new Map<number, RoomMutes>();

  constructor(
    private readonly restrictions: RestrictionsRepository,
    private readonly link: EventLink,
  ) {}

  onModuleInit(): void {
    this.link.onResumed(() => {
      for (const roomId of this.rooms.keys()) {
        if (!this.reads.has(roomId))
          inBackground(this.read(roomId), this.logger, `Reading the mutes of room ${roomId}`);
      }
    });
  }

  /** Reads the room's mutes unless they are known here; every check of that room after this answers at once. */
  load(roomId: number): Promise<void> {
    const reading = this.reads.get(roomId);
    if (reading) return reading;
    return this.rooms.has(roomId) ? Promise.resolve() : this.read(roomId);
  }

  /** When the user's mute in the room ends (ms since the epoch); null when they are not muted (or it is not loaded). */
  mutedUntil(roomId: number, userId: string | null, now = Date.now()): number | null {
    if (userId === null) return null;
    const until = this.rooms.get(roomId)?.get(userId);
    return until !== undefined && until > now ? until : null;
  }

  @OnDomainEvent('moderation.changed')
  changed(change: ModerationChange): void {
    if (change.kind !== 'mute' && change.kind !== 'unmute') return;
    const until = change.kind === 'mute' ? Date.parse(change.until) : 0;
    this.rooms.get(change.room.id)?.set(change.userId, until);
    this.toldDuringRead.get(change.room.id)?.set(change.userId, until);
  }

  private read(roomId: number): Promise<void> {
    this.toldDuringRead.set(roomId, new Map());
    const reading = this.restrictions
      .mutesInForce(roomId)
      .then((rows) => {
        const mutes: RoomMutes = new Map(rows.map((row) => [row.userId, row.until.getTime()]));
        for (const [userId, until] of this.toldDuringRead.get(roomId) ?? []) mutes.set(userId, until);
        this.rooms.set(roomId, mutes);
      })
      .finally(() => {
        this.reads.delete(roomId);
        this.toldDuringRead.delete(roomId);
      });
    this.reads.set(roomId, reading);
    return reading;
  }
}
