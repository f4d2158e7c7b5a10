import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { LIMITS } from '@parley/contracts';
import { inBackground } from '../common/background.js';
import { DomainEvents } from '../events/domain-events.js';
import { MembersService } from '../members/members.service.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { RoomsService } from '../rooms/rooms.service.js';

const SWEEP_INTERVAL_MS = 10_000;

interface Pending {
  room: RoomRef;
  userId: string;
  username: string;
  /** The highest seq asked for since the last store. */
  wanted: number;
  lastStoredAt: number;
  timer: NodeJS.Timeout | null;
}

/**
 * Read markers. Clients move them often (after every message they see, in an open room), so a member's moves are
 * merged: the first is stored at once, later ones within LIMITS.readMarkerIntervalMs go out together at its end. A
 * marker only moves forward and never past the room's last seq; every stored move is told as `marker.moved`.
 */
@Injectable()
export class ReadMarkersService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReadMarkersService.name);
  private readonly pending = new Map<string, Pending>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly members: MembersService,
    private readonly rooms: RoomsService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => this.forgetIdle(), SWEEP_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
    for (const entry of this.pending.values()) if (entry.timer) clearTimeout(entry.timer);
  }

  /** From a socket: merged with the member's other moves of the interval. */
  request(room: RoomRef, userId: string, username: string, seq: number): void {
    const key = `${room.id}\u0000${userId}`;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { room, userId, username, wanted: 0, lastStoredAt: Number.NEGATIVE_INFINITY, timer: null };
      this.pending.set(key, entry);
    }
    entry.wanted = Math.max(entry.wanted, seq);
    if (entry.timer) return;
    const wait = entry.lastStoredAt + LIMITS.readMarkerIntervalMs - Date.now();
    if (wait <= 0) this.flush(entry);
    else entry.timer = setTimeout(() => this.flush(entry), wait);
  }

  /** From REST: stored now; answers the marker as it stands after the move (null for a non-member). */
  async moveNow(room: RoomRef, userId: string, username: string, seq: number): Promise<number | null> {
    return (await this.store(room, userId, username, seq)) ?? this.members.readSeq(room, userId);
  }

  private flush(entry: Pending): void {
    entry.timer = null;
    entry.lastStoredAt = Date.now();
    inBackground(
      this.store(entry.room, entry.userId, entry.username, entry.wanted),
      this.logger,
      'Storing a read marker',
    );
  }

  /** Members who have not moved for an interval need no entry: their next move is stored at once. */
  private forgetIdle(): void {
    const idleSince = Date.now() - LIMITS.readMarkerIntervalMs;
    for (const [key, entry] of this.pending) {
      if (!entry.timer && entry.lastStoredAt < idleSince) this.pending.delete(key);
    }
  }

  /** Returns the new marker when it moved; null when it did not (an older seq, or not a member). */
  private async store(room: RoomRef, userId: string, username: string, seq: number): Promise<number | null> {
    const target = Math.min(seq, await this.rooms.lastSeq(room));
    if (!(await this.members.moveReadMarker(room, userId, target))) return null;
    this.events.emit('marker.moved', { room, userId, username, readSeq: target });
    return target;
  }
}
