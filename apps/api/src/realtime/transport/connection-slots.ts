import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { inBackground } from '../../common/background.js';
import type { RedisClients } from '../../redis/redis-clients.js';

/** Releases a slot; safe to call more than once. */
export type SlotRelease = () => void;

/**
 * Open sockets per client address (WS_MAX_CONN_PER_IP). A slot is taken when an upgrade is admitted, before anything
 * is awaited, and given back when its connection closes, so a burst of upgrades from one address can never hold more
 * than the cap at once. `max` 0 disables the cap.
 */
export abstract class ConnectionSlots {
  /** A slot of the address if one is free (its release), or null when the address holds its share already. */
  abstract reserve(address: string): Promise<SlotRelease | null>;
}

/** The addresses' counts on this instance. */
class LocalCounts {
  private readonly counts = new Map<string, number>();

  get(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  add(address: string, delta: number): void {
    const count = this.get(address) + delta;
    if (count > 0) this.counts.set(address, count);
    else this.counts.delete(address);
  }

  entries(): IterableIterator<[string, number]> {
    return this.counts.entries();
  }
}

/** One instance: the cap is counted here. */
export class LocalConnectionSlots extends ConnectionSlots {
  private readonly counts = new LocalCounts();

  constructor(private readonly max: number) {
    super();
  }

  async reserve(address: string): Promise<SlotRelease | null> {
    if (this.max === 0) return () => undefined;
    if (this.counts.get(address) >= this.max) return null;
    this.counts.add(address, 1);
    return once(() => this.counts.add(address, -1));
  }
}

/** How long an instance's counts live unless it refreshes them: a dead instance's slots come free within this. */
const SLOTS_TTL_MS = 15_000;
const SLOTS_REFRESH_MS = 5_000;

/**
 * Sums the address's counts of the instances still alive (dropping the dead ones' fields); takes a slot when the sum
 * is under the cap. KEYS: the address's hash (instance → count), the instances' liveness set (instance → expiry).
 * ARGV: this instance, the cap, now, the ttl.
 */
const RESERVE_SCRIPT = `
local fields = redis.call('HGETALL', KEYS[1])
local total = 0
for i = 1, #fields, 2 do
  local alive = redis.call('ZSCORE', KEYS[2], fields[i])
  if fields[i] == ARGV[1] or (alive and tonumber(alive) > tonumber(ARGV[3])) then
    total = total + tonumber(fields[i + 1])
  else
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
if total >= tonumber(ARGV[2]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

/** KEYS: the address's hash. ARGV: this instance. */
const RELEASE_SCRIPT = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1`;

type SlotCommands = Redis & {
  parleyReserveSlot(addressKey: string, instancesKey: string, ...args: Array<string | number>): Promise<number>;
  parleyReleaseSlot(addressKey: string, instance: string): Promise<number>;
};

/**
 * The cap for the whole deployment: each address has a hash in Redis of its count on every instance, written by one
 * script per upgrade that sums the live instances' counts and takes a slot only under the cap. Each instance keeps its
 * own counts (and its liveness) alive by refreshing them, so a crashed instance's slots come free within
 * SLOTS_TTL_MS, and Redis losing them is mended at the next refresh. While Redis is away each instance holds the cap
 * alone.
 */
export class RedisConnectionSlots extends ConnectionSlots implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnectionSlots.name);
  private readonly instanceId = randomUUID();
  private readonly counts = new LocalCounts();
  private readonly commands: SlotCommands;
  private readonly refresher: NodeJS.Timeout;

  constructor(
    private readonly max: number,
    private readonly redis: RedisClients,
  ) {
    super();
    this.commands = redis.commands as SlotCommands;
    this.commands.defineCommand('parleyReserveSlot', { numberOfKeys: 2, lua: RESERVE_SCRIPT });
    this.commands.defineCommand('parleyReleaseSlot', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    const refresh = () => inBackground(this.refresh(), this.logger, 'Refreshing connection counts');
    this.refresher = setInterval(refresh, SLOTS_REFRESH_MS).unref();
    redis.onReconnected(redis.commands, refresh);
    refresh();
  }

  async reserve(address: string): Promise<SlotRelease | null> {
    if (this.max === 0) return () => undefined;
    if (this.counts.get(address) >= this.max) return null;
    this.counts.add(address, 1);
    const release = once(() => {
      this.counts.add(address, -1);
      this.commands.parleyReleaseSlot(this.key(address), this.instanceId).catch((error: Error) => {
        this.redis.warn(`Releasing a connection slot failed (the next refresh mends it): ${error.message}`);
      });
    });
    try {
      const taken = await this.commands.parleyReserveSlot(
        this.key(address),
        this.instancesKey,
        this.instanceId,
        this.max,
        Date.now(),
        SLOTS_TTL_MS,
      );
      if (taken === 1) return release;
      this.counts.add(address, -1);
      return null;
    } catch (error) {
      this.redis.warn(`Connection slots unavailable, counting this instance alone: ${(error as Error).message}`);
      return release;
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.refresher);
  }

  /** Keeps this instance alive in the liveness set and writes its counts again (mending what Redis lost). */
  private async refresh(): Promise<void> {
    const now = Date.now();
    const multi = this.commands.multi().zadd(this.instancesKey, now + SLOTS_TTL_MS, this.instanceId);
    multi.zremrangebyscore(this.instancesKey, '-inf', now);
    for (const [address, count] of this.counts.entries()) {
      multi.hset(this.key(address), this.instanceId, count).pexpire(this.key(address), SLOTS_TTL_MS);
    }
    await multi.exec();
  }

  private key(address: string): string {
    return `${this.redis.prefix}conns:${address}`;
  }

  private get instancesKey(): string {
    return `${this.redis.prefix}conn-instances`;
  }
}

function once(release: () => void): SlotRelease {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    release();
  };
}
