import { CloseCode, type RoomSummary } from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { Accounts, uniqueUsername } from '../support/accounts.js';
import { type ChatClient, type Closed } from '../support/chat-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, uniqueRoom, type TestApp } from '../support/test-app.js';
import { upgradeBurst } from '../support/upgrade-burst.js';

const REDIS = new URL(process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379');

function closedWithin(client: ChatClient, ms: number): Promise<Closed | 'still open'> {
  return Promise.race([
    client.closed,
    new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms)),
  ]);
}

/** MySQL only: the guarantees that must hold across instances, with Redis or the database away or slow. */
describe('guarantees across instances', () => {
  const prefix = `parley-test-${randomBytes(4).toString('hex')}:`;
  const clients: ChatClient[] = [];
  const track = (client: ChatClient) => {
    clients.push(client);
    return client;
  };

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  describe('the per-address socket cap', () => {
    it('holds when every admission waits on a database 30 ms away', async () => {
      const database = new URL(process.env.DATABASE_URL!);
      const proxy = await TcpProxy.start(database.hostname, Number(database.port || 3306));
      database.host = `127.0.0.1:${proxy.port}`;
      const server = await startTestApp({ DATABASE_URL: database.toString(), WS_MAX_CONN_PER_IP: '100' });
      try {
        proxy.latency = 30;
        const statuses = await upgradeBurst(server.httpUrl, uniqueRoom('slow'), 250);
        expect(statuses.filter((status) => status === '101')).toHaveLength(100);
      } finally {
        await server.close();
        await proxy.close();
      }
    });

    it('is one cap for the deployment with Redis, not one per instance', async () => {
      const settings = { REDIS_URL: REDIS.toString(), REDIS_PREFIX: prefix, WS_MAX_CONN_PER_IP: '100' };
      const [a, b] = [await startTestApp(settings), await startTestApp(settings)];
      try {
        const room = uniqueRoom('shared-cap');
        const statuses = (
          await Promise.all([upgradeBurst(a.httpUrl, room, 150), upgradeBurst(b.httpUrl, room, 150)])
        ).flat();
        expect(statuses.filter((status) => status === '101')).toHaveLength(100);
        // Once they closed, the slots are free again on both instances.
        const again = (
          await Promise.all([upgradeBurst(a.httpUrl, room, 50), upgradeBurst(b.httpUrl, room, 50)])
        ).flat();
        expect(again.filter((status) => status === '101')).toHaveLength(100);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });

  describe('a removal or revocation published while Redis is away', () => {
    let proxyA: TcpProxy;
    let proxyB: TcpProxy;
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      proxyA = await TcpProxy.start(REDIS.hostname, Number(REDIS.port || 6379));
      proxyB = await TcpProxy.start(REDIS.hostname, Number(REDIS.port || 6379));
      const settings = (proxy: TcpProxy) => ({
        REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
        REDIS_PREFIX: prefix,
        WS_MAX_CONN_PER_IP: '0',
      });
      a = await startTestApp(settings(proxyA));
      b = await startTestApp(settings(proxyB));
    });

    afterAll(async () => {
      await a.close();
      await b.close();
      await proxyA.close();
      await proxyB.close();
    });

    /** An owner with a private room, a member in it, and the member's socket open on B. */
    async function memberOnB() {
      const onA = new Accounts(a.httpUrl);
      const owner = await onA.register(uniqueUsername('owner'));
      const member = await onA.register(uniqueUsername('member'));
      const room = await onA.json<RoomSummary>('POST', '/rooms', owner.accessToken, {
        name: 'x',
        visibility: 'private',
      });
      await onA.json('POST', `/rooms/${room.slug}/members`, owner.accessToken, { username: member.user.username });
      const socket = track(await new Accounts(b.httpUrl).open(b.wsUrl, room.slug, member.accessToken));
      await socket.next('history');
      return { onA, owner, member, room, socket };
    }

    it('reaches the other instance once the publishing instance’s link to Redis is back', async () => {
      const { onA, owner, member, room, socket } = await memberOnB();
      await proxyA.cut();
      expect(
        (await onA.call('DELETE', `/rooms/${room.slug}/members/${member.user.username}`, owner.accessToken)).status,
      ).toBe(204);
      await proxyA.restore();
      expect(await closedWithin(socket, 10_000)).toMatchObject({ code: CloseCode.RemovedFromRoom });
    });

    it('is read back from the database by an instance whose own link to Redis was cut', async () => {
      const { onA, owner, member, room, socket } = await memberOnB();
      const other = await onA.register(uniqueUsername('other'));
      const otherSocket = track(await new Accounts(b.httpUrl).open(b.wsUrl, uniqueRoom('public'), other.accessToken));
      await otherSocket.next('history');
      await proxyB.cut();
      await onA.call('DELETE', `/rooms/${room.slug}/members/${member.user.username}`, owner.accessToken);
      expect((await onA.request('/auth/logout', {}, other.accessToken)).status).toBe(204);
      await proxyB.restore();
      expect(await closedWithin(socket, 10_000)).toMatchObject({ code: CloseCode.RemovedFromRoom });
      expect(await closedWithin(otherSocket, 1_000)).toMatchObject({ code: CloseCode.Unauthorized });
    });
  });
});
