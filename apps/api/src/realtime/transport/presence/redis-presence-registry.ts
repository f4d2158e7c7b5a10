import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { inBackground } from '../../../common/background.js';
import { randomUUID } from 'node:crypto';
import type { Identity } from '../../../identity/identity.js';
import type { RedisClients } from '../../../redis/redis-clients.js';
import { PresenceRegistry, type PresentPerson } from './presence-registry.js';

/** An entry lives this long unless its instance refreshes it: the bound on ghosts of a dead instance. */
export const PRESENCE_TTL_MS = 10_000;
export const PRESENCE_REFRESH_MS = 3_000;

/**
 * Presence on Redis: a sorted set per room (`<prefix>presence:<slug>`) whose members (`<instance>\0<key>\0<name>`)
 * carry an expiry as their score, which their instance keeps pushing forward. A dead instance's people vanish
 * within PRESENCE_TTL_MS + PRESENCE_REFRESH_MS, and the instance whose refresh removes them reports them gone.
 */
export class RedisPresenceRegistry extends PresenceRegistry implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisPresenceRegistry.name);
  private readonly instanceId = randomUUID();
  /** The people this instance has connections for, per room: what it keeps alive in Redis. */
  private readonly localPeople = new Map<string, Map<string, string>>();
  private readonly expiredListeners: Array<(room: string, gone: PresentPerson[]) => void> = [];
  private readonly refresher: NodeJS.Timeout;

  constructor(private readonly redis: RedisClients) {
    super();
    const refresh = () => inBackground(this.refresh(), this.logger, 'Refreshing presence');
    this.refresher = setInterval(refresh, PRESENCE_REFRESH_MS).unref();
    redis.onReconnected(redis.commands, refresh);
  }

  async arrive(room: string, identity: Identity): Promise<boolean> {
    let people = this.localPeople.get(room);
    if (!people) this.localPeople.set(room, (people = new Map()));
    people.set(identity.key, identity.username);
    const member = this.member(identity.key, identity.username);
    const now = Date.now();
    const present = await this.presentAfter(
      this.redis.commands.multi().zadd(this.key(room), now + PRESENCE_TTL_MS, member),
      room,
      now,
    );
    return present === null || !present.some((entry) => entry.member !== member && entry.key === identity.key);
  }

  async depart(room: string, identity: Identity): Promise<boolean> {
    const people = this.localPeople.get(room);
    people?.delete(identity.key);
    if (people?.size === 0) this.localPeople.delete(room);
    const now = Date.now();
    const present = await this.presentAfter(
      this.redis.commands.multi().zrem(this.key(room), this.member(identity.key, identity.username)),
      room,
      now,
    );
    return present === null || !present.some((entry) => entry.key === identity.key);
  }

  async names(room: string): Promise<string[]> {
    const names = new Map(this.localPeople.get(room) ?? []);
    try {
      const members = await this.redis.commands.zrangebyscore(this.key(room), Date.now(), '+inf');
      for (const member of members) {
        const entry = parseMember(member);
        if (!names.has(entry.key)) names.set(entry.key, entry.username);
      }
    } catch (error) {
      this.redis.warn(`Presence unavailable: ${(error as Error).message}`);
    }
    return [...names.values()];
  }

  onExpired(listener: (room: string, gone: PresentPerson[]) => void): void {
    this.expiredListeners.push(listener);
  }

  /** This instance's entries go as its connections close (shutdown closes them all first), or expire. */
  onApplicationShutdown(): void {
    clearInterval(this.refresher);
  }

  /**
   * Runs every PRESENCE_REFRESH_MS (and is exposed so a run can be awaited): pushes this instance's entries' expiry
   * forward and removes expired ones, in one MULTI per run, so two instances refreshing at once cannot both report the same ghost. The rooms and people are copied before the await: joins
   * and leaves during it change the live map, not the reading of these results.
   */
  async refresh(): Promise<void> {
    const rooms = [...this.localPeople].map(([room, people]) => ({ room, people: [...people] }));
    if (rooms.length === 0) return;
    const now = Date.now();
    const multi = this.redis.commands.multi();
    for (const { room, people } of rooms) {
      const key = this.key(room);
      multi.zrangebyscore(key, '-inf', now).zremrangebyscore(key, '-inf', now);
      for (const [personKey, username] of people)
        multi.zadd(key, now + PRESENCE_TTL_MS, this.member(personKey, username));
      multi.zrangebyscore(key, now, '+inf');
    }
    let results: Array<[Error | null, unknown]>;
    try {
      results = ((await multi.exec()) ?? []) as Array<[Error | null, unknown]>;
    } catch (error) {
      this.redis.warn(`Refreshing presence failed: ${(error as Error).message}`);
      return;
    }
    let index = 0;
    for (const { room, people } of rooms) {
      const expired = (results[index][1] as string[]).map(parseMember);
      index += 2 + people.length;
      const remaining = new Set((results[index][1] as string[]).map((member) => parseMember(member).key));
      index += 1;
      const gone = uniqueByKey(expired.filter((entry) => !remaining.has(entry.key)));
      if (gone.length > 0) this.expiredListeners.forEach((listener) => listener(room, gone));
    }
  }

  /** Runs the write with a read of the room's live entries after it; null when Redis did not answer. */
  private async presentAfter(
    multi: ReturnType<RedisClients['commands']['multi']>,
    room: string,
    now: number,
  ): Promise<Array<PresentPerson & { member: string }> | null> {
    try {
      const results = (await multi.zrangebyscore(this.key(room), now, '+inf').exec()) as Array<[Error | null, unknown]>;
      return (results[1][1] as string[]).map((member) => ({ ...parseMember(member), member }));
    } catch (error) {
      this.redis.warn(`Presence unavailable: ${(error as Error).message}`);
      return null;
    }
  }

  private key(room: string): string {
    return `${this.redis.prefix}presence:${room}`;
  }

  private member(personKey: string, username: string): string {
    return `${this.instanceId}\u0000${personKey}\u0000${username}`;
  }
}

function parseMember(member: string): PresentPerson {
  const [, key, username] = member.split('\u0000');
  return { key, username };
}

function uniqueByKey(people: PresentPerson[]): PresentPerson[] {
  return [...new Map(people.map((person) => [person.key, person])).values()];
}
