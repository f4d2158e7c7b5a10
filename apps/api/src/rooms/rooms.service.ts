import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventLink } from '../events/event-link.js';
import { LIMITS, type RoomSummary } from '@parley/contracts';
import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { OnDomainEvent, type ModerationChange } from '../events/domain-events.js';
import type { RoomRef } from './room-ref.js';
import type { RoomEntity } from './room.entity.js';
import { toRoomSummary } from './room-summary.js';
import { RoomAlreadyExistsException, RoomNotFoundException } from './rooms.exceptions.js';
import { RoomsRepository } from './rooms.repository.js';

const ROOM_CACHE_SIZE = 10_000;
const PRIVATE_SLUG_LENGTH = 20;
const SLUG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A person of a DM. */
export interface DmPerson {
  id: string;
  username: string;
}

/**
 * Rooms: found, opened, created, listed. Who may see one is the RoomAccess's question; this service answers for
 * rooms as they are. Slugs given here are already normalised (lower-case, valid).
 */
@Injectable()
export class RoomsService implements OnModuleInit {
  private readonly cache = new Map<string, RoomRef>();
  /** Guest settings told by `moderation.changed` since the last outage, newer than any read that began before. */
  private readonly toldGuests = new Map<number, boolean>();
  /** Reads in progress, so a burst of connections to one room (a join storm, a restart) reads or creates it once. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly rooms: RoomsRepository,
    private readonly link: EventLink,
  ) {}

  async listPublic(): Promise<RoomSummary[]> {
    const rooms = await this.rooms.listPublicRecentlyActive(LIMITS.roomsListMaxSize);
    return rooms.map(toRoomSummary);
  }

  /** The room as it is now (its last activity changes), for REST answers. */
  async summary(room: RoomRef): Promise<RoomSummary> {
    const row = await this.rooms.findBySlug(room.slug);
    if (!row) throw new RoomNotFoundException(room.slug);
    return toRoomSummary(row);
  }

  async createPublic(slug: string, name: string | undefined): Promise<RoomRef> {
    const created = await this.rooms.insertIfAbsent(
      { slug, name: name ?? slug, visibility: 'public', kind: 'room', dmKey: null },
      new Date(),
    );
    if (!created) throw new RoomAlreadyExistsException(slug);
    return this.require(slug);
  }

  /** A private room's slug is chosen here, unguessable, so nobody can find one by trying names. */
  async createPrivate(name: string): Promise<RoomRef> {
    for (;;) {
      const slug = randomSlug();
      const created = await this.rooms.insertIfAbsent(
        { slug, name, visibility: 'private', kind: 'room', dmKey: null },
        new Date(),
      );
      if (created) return this.require(slug);
    }
  }

  /** The DM of two people: the same room whichever asks, also when both ask at once (the pair's key is unique). */
  async dm(first: DmPerson, second: DmPerson): Promise<{ room: RoomRef; created: boolean }> {
    const [a, b] = [first, second].sort((x, y) => (x.id < y.id ? -1 : 1));
    const dmKey = `${a.id}:${b.id}`;
    const existing = await this.rooms.findByDmKey(dmKey);
    if (existing) return { room: this.remember(existing), created: false };
    const created = await this.rooms.insertIfAbsent(
      { slug: randomSlug(), name: `${a.username}, ${b.username}`, visibility: 'private', kind: 'dm', dmKey },
      new Date(),
    );
    const room = await this.rooms.findByDmKey(dmKey);
    if (!room) throw new RoomNotFoundException(dmKey);
    return { room: this.remember(room), created };
  }

  /** Opening a room by its URL creates it (public, with no owner), as the seed app did. */
  async open(slug: string): Promise<RoomRef> {
    const cached = this.cache.get(slug);
    if (cached) return cached;
    return this.once(`open:${slug}`, async () =>
      this.remember((await this.rooms.findBySlug(slug)) ?? (await this.createOnOpen(slug))),
    );
  }

  /** The room, or null when there is none by that slug. */
  async find(slug: string): Promise<RoomRef | null> {
    const cached = this.cache.get(slug);
    if (cached) return cached;
    const room = await this.once(`find:${slug}`, () => this.rooms.findBySlug(slug));
    return room ? this.remember(room) : null;
  }

  /** The room, which must exist (404 otherwise). */
  async require(slug: string): Promise<RoomRef> {
    const room = await this.find(slug);
    if (!room) throw new RoomNotFoundException(slug);
    return room;
  }

  /** Rooms by id, as they are now, each once. */
  async byIds(ids: readonly number[]): Promise<RoomRef[]> {
    return (await this.rooms.findByIds([...new Set(ids)])).map((room) => this.remember(room));
  }

  /** The seq of the room's newest stored event, read now (not cached). */
  lastSeq(room: RoomRef): Promise<number> {
    return this.rooms.lastSeq(room.id);
  }

  /** Whether guests may open the room as it is now, its row locked (MySQL) until the caller's transaction ends. */
  lockGuests(manager: EntityManager, room: RoomRef): Promise<boolean> {
    return this.rooms.lockGuests(manager, room.id);
  }

  /** Whether guests may open the room, changed in the caller's transaction (told once it commits). */
  setGuests(manager: EntityManager, room: RoomRef, guests: boolean): Promise<void> {
    return this.rooms.setGuests(manager, room.id, guests);
  }

  /**
   * A room's guest setting changed on some instance: the cached room takes it, so the next upgrade decides by it, and
   * so does a read that was already running when it was told (it may return the value from before).
   */
  @OnDomainEvent('moderation.changed')
  moderated(change: ModerationChange): void {
    if (change.kind !== 'guests') return;
    this.toldGuests.set(change.room.id, change.guests);
    const cached = this.cache.get(change.room.slug);
    if (cached) this.cache.set(cached.slug, { ...cached, guests: change.guests });
  }

  /** After an outage of the link the changes told meanwhile may be lost: rooms are read again when next asked for. */
  onModuleInit(): void {
    this.link.onResumed(() => {
      this.cache.clear();
      this.toldGuests.clear();
    });
  }

  /** Runs `work` once for every caller asking for the same key while it is in progress. */
  private once<T>(key: string, work: () => Promise<T>): Promise<T> {
    let running = this.inFlight.get(key) as Promise<T> | undefined;
    if (!running) {
      running = work();
      this.inFlight.set(key, running);
      const done = () => this.inFlight.delete(key);
      running.then(done, done);
    }
    return running;
  }

  private async createOnOpen(slug: string): Promise<RoomEntity> {
    await this.rooms.insertIfAbsent({ slug, name: slug, visibility: 'public', kind: 'room', dmKey: null }, new Date());
    const room = await this.rooms.findBySlug(slug);
    if (!room) throw new RoomNotFoundException(slug);
    return room;
  }

  private remember(room: RoomEntity): RoomRef {
    const ref: RoomRef = {
      id: room.id,
      slug: room.slug,
      name: room.name,
      visibility: room.visibility,
      kind: room.kind,
      guests: this.toldGuests.get(room.id) ?? room.guests,
    };
    if (this.cache.size >= ROOM_CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(ref.slug, ref);
    return ref;
  }
}

function randomSlug(): string {
  let slug = '';
  for (let i = 0; i < PRIVATE_SLUG_LENGTH; i++) slug += SLUG_ALPHABET[randomInt(SLUG_ALPHABET.length)];
  return slug;
}
