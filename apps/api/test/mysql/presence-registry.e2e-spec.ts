import { randomBytes } from 'node:crypto';
import { Identity } from '../../src/identity/identity.js';
import { RedisClients } from '../../src/redis/redis-clients.js';
import type { PresentPerson } from '../../src/realtime/transport/presence/presence-registry.js';
import { RedisPresenceRegistry } from '../../src/realtime/transport/presence/redis-presence-registry.js';

const REDIS_URL = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The Redis presence registry against a real Redis (run with the networked pass). */
describe('RedisPresenceRegistry', () => {
  const prefix = `parley-test-${randomBytes(4).toString('hex')}:`;
  let redis: RedisClients;
  let registry: RedisPresenceRegistry;
  const expired: Array<{ room: string; gone: PresentPerson[] }> = [];

  beforeAll(async () => {
    redis = await RedisClients.connect(REDIS_URL, prefix);
    registry = new RedisPresenceRegistry(redis);
    registry.onExpired((room, gone) => expired.push({ room, gone }));
  });

  afterAll(async () => {
    registry.onApplicationShutdown();
    const keys = await redis.commands.keys(`${prefix}*`);
    if (keys.length > 0) await redis.commands.del(...keys);
    redis.disconnect();
  });

  /** An entry of an instance that died: its expiry is already past. */
  const ghost = (room: string, name: string) =>
    redis.commands.zadd(`${prefix}presence:${room}`, Date.now() - 1, `dead-instance\u0000guest:${name}\u0000${name}`);

  it('reports the ghosts of a dead instance once, even while joins and leaves race the refresh', async () => {
    const [quiet, busy] = ['quiet', 'busy'].map((name) => `${name}-${randomBytes(3).toString('hex')}`);
    await registry.arrive(busy, Identity.guest('Ali'));
    await registry.arrive(quiet, Identity.guest('Bea'));
    await ghost(quiet, 'Ghost');
    expired.length = 0;

    const refresh = registry.refresh();
    // Joins and leaves land while the refresh waits for Redis.
    const racing = [
      registry.arrive(busy, Identity.guest('Cy')),
      registry.arrive(busy, Identity.guest('Dee')),
      registry.depart(quiet, Identity.guest('Bea')),
      registry.arrive(`new-${randomBytes(3).toString('hex')}`, Identity.guest('Eve')),
    ];
    await Promise.all([refresh, ...racing]);

    expect(expired).toEqual([{ room: quiet, gone: [{ key: 'guest:Ghost', username: 'Ghost' }] }]);
    expect((await registry.names(busy)).sort()).toEqual(['Ali', 'Cy', 'Dee']);
    await registry.refresh();
    expect(expired).toHaveLength(1);
  });

  it('does not report a person as gone while another instance still has them', async () => {
    const room = `shared-${randomBytes(3).toString('hex')}`;
    await registry.arrive(room, Identity.guest('Ali'));
    await redis.commands.zadd(
      `${prefix}presence:${room}`,
      Date.now() + 60_000,
      `other-instance\u0000guest:Fay\u0000Fay`,
    );
    await ghost(room, 'Fay');
    expired.length = 0;
    await registry.refresh();
    expect(expired).toEqual([]);
    expect((await registry.names(room)).sort()).toEqual(['Ali', 'Fay']);
  });
});
