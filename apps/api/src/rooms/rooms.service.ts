import { Injectable } from '@nestjs/common';
import { LIMITS, type RoomSummary } from '@parley/contracts';
import type { RoomRef } from './room-ref.js';
import type { RoomEntity } from './room.entity.js';
import { toRoomSummary } from './room-summary.js';
import { RoomAlreadyExistsException, RoomNotFoundException } from './rooms.exceptions.js';
import { RoomsRepository } from './rooms.repository.js';

const ROOM_CACHE_SIZE = 10_000;

@Injectable()
export class RoomsService {
  private readonly cache = new Map<string, RoomRef>();
  /** Reads in progress, so a burst of connections to one room (a join storm, a restart) reads or creates it once. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly rooms: RoomsRepository) {}

  async list(): Promise<RoomSummary[]> {
    const rooms = await this.rooms.listRecentlyActive(LIMITS.roomsListMaxSize);
    return rooms.map(toRoomSummary);
  }

  async get(slug: string): Promise<RoomSummary> {
    const room = await this.rooms.findBySlug(slug);
    if (!room) throw new RoomNotFoundException(slug);
    return toRoomSummary(room);
  }

  /** `slug` is already normalised (lower-case, valid). */
  async create(slug: string, name: string | undefined): Promise<RoomSummary> {
    const created = await this.rooms.insertIfAbsent(slug, name ?? slug, new Date());
    if (!created) throw new RoomAlreadyExistsException(slug);
    return this.get(slug);
  }

  /** Opening a room by its URL creates it, as the seed app did. */
  async open(slug: string): Promise<RoomRef> {
    const cached = this.cache.get(slug);
    if (cached) return cached;
    return this.once(`open:${slug}`, async () =>
      this.remember((await this.rooms.findBySlug(slug)) ?? (await this.createOnOpen(slug))),
    );
  }

  /** Whether opening the room would find it rather than create it. */
  async exists(slug: string): Promise<boolean> {
    if (this.cache.has(slug)) return true;
    const room = await this.once(`find:${slug}`, () => this.rooms.findBySlug(slug));
    if (room) this.remember(room);
    return room !== null;
  }

  /** For reads of a room that must already exist (REST history). */
  async require(slug: string): Promise<RoomRef> {
    const cached = this.cache.get(slug);
    if (cached) return cached;
    const room = await this.rooms.findBySlug(slug);
    if (!room) throw new RoomNotFoundException(slug);
    return this.remember(room);
  }

  /** The seq of the room's newest stored message, read now (not cached). */
  lastSeq(room: RoomRef): Promise<number> {
    return this.rooms.lastSeq(room.id);
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
    await this.rooms.insertIfAbsent(slug, slug, new Date());
    const room = await this.rooms.findBySlug(slug);
    if (!room) throw new RoomNotFoundException(slug);
    return room;
  }

  private remember(room: RoomEntity): RoomRef {
    const ref = { id: room.id, slug: room.slug, name: room.name };
    if (this.cache.size >= ROOM_CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(ref.slug, ref);
    return ref;
  }
}
