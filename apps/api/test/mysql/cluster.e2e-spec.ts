import {
  CloseCode,
  type ChatMessage,
  type Member,
  type MessagePage,
  type RoomSummary,
  type UserStreamEvents,
} from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { Accounts, uniqueUsername } from '../support/accounts.js';
import { startApiProcess } from '../support/api-process.js';
import { ChatClient, sleep, waitFor } from '../support/chat-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, storedMessages, uniqueRoom, type TestApp } from '../support/test-app.js';

const REDIS = new URL(process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379');

/** Several API instances on one MySQL and one Redis (MySQL pass only: SQLite is one process's file). */
describe('scale-out over Redis', () => {
  const prefix = `parley-test-${randomBytes(4).toString('hex')}:`;
  const clients: ChatClient[] = [];

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  const settings = (redisUrl = REDIS.toString()) => ({
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    WS_RATE_BURST: '0',
    WS_MAX_CONN_PER_IP: '0',
  });

  async function join(server: { wsUrl: string }, room: string, username: string, since?: number) {
    const client = await ChatClient.join(server.wsUrl, room, username, since);
    clients.push(client);
    return client;
  }

  const seqs = (messages: ChatMessage[]) => messages.map((message) => message.seq);
  const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  describe('two instances', () => {
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      a = await startTestApp(settings());
      b = await startTestApp(settings());
    });

    afterAll(async () => {
      await a.close();
      await b.close();
    });

    it('delivers every message of a room to its clients on both instances, in one seq order, and nothing else', async () => {
      const rooms = [uniqueRoom('x1'), uniqueRoom('x2'), uniqueRoom('x3')];
      const byRoom = new Map<string, ChatClient[]>();
      for (const room of rooms) {
        byRoom.set(room, [
          await join(a, room, 'OnA-1'),
          await join(b, room, 'OnB-1'),
          await join(a, room, 'OnA-2'),
          await join(b, room, 'OnB-2'),
        ]);
      }
      const perSender = 25;
      for (const members of byRoom.values()) {
        for (let i = 0; i < perSender; i++) members.forEach((member) => member.send(`${member.socket.url}#${i}`));
      }
      const total = perSender * 4;
      for (const [room, members] of byRoom) {
        for (const member of members) {
          await waitFor(() => member.all('message').length >= total, 10_000, `${total} messages in ${room}`);
        }
        const orders = members.map((member) => member.all('message'));
        orders.forEach((order) => expect(seqs(order)).toEqual(oneToN(total)));
        orders.forEach((order) => expect(order).toEqual(orders[0]));
        members.forEach((member) => expect(member.all('message').every((m) => m.room === room)).toBe(true));
      }
    });

    it('agrees on presence across instances, and announces joins and leaves made on the other one', async () => {
      const room = uniqueRoom('presence');
      const ali = await join(a, room, 'Ali');
      const bea = await join(b, room, 'Bea');
      expect(await ali.next('system', (n) => n.username === 'Bea')).toMatchObject({ kind: 'join' });
      expect(await ali.next('presence', (p) => p.users.length === 2)).toEqual({
        users: expect.arrayContaining(['Ali', 'Bea']),
      });
      expect(bea.all('presence').at(-1)?.users.sort()).toEqual(['Ali', 'Bea']);
      await bea.close();
      expect(await ali.next('system', (n) => n.kind === 'leave')).toMatchObject({ username: 'Bea' });
      expect(await ali.next('presence', (p) => p.users.length === 1)).toEqual({ users: ['Ali'] });
    });

    it('resumes on the other instance with since: exactly the messages missed', async () => {
      const room = uniqueRoom('move');
      const writer = await join(a, room, 'Writer');
      const mover = await join(a, room, 'Mover');
      for (let i = 0; i < 5; i++) writer.send(`before ${i}`);
      await waitFor(() => mover.all('message').length === 5);
      const lastSeen = mover.all('message').at(-1)!.seq;
      await mover.close();
      clients.splice(clients.indexOf(mover), 1);
      for (let i = 0; i < 70; i++) writer.send(`while away ${i}`);
      await waitFor(() => writer.all('message').length === 75);
      const back = await ChatClient.open(b.wsUrl, room, 'Mover', { since: lastSeen });
      clients.push(back);
      const history = await back.next('history');
      expect(history.hasMore).toBe(true);
      const after = history.messages.at(-1)!.seq;
      const rest = (await (
        await fetch(`${b.httpUrl}/api/rooms/${room}/messages?after=${after}`)
      ).json()) as MessagePage;
      expect([...seqs(history.messages), ...seqs(rest.messages)]).toEqual(oneToN(75).slice(5));
      writer.send('after the move');
      expect(await back.next('message')).toMatchObject({ seq: 76, content: 'after the move' });
    });

    it('a resend racing on both instances resolves to one stored message, and fails nobody else in the batch', async () => {
      const room = uniqueRoom('race');
      // One person with a socket on each instance: a client whose first socket died mid-send and came back elsewhere.
      const onA = await join(a, room, 'Ali');
      const onB = await ChatClient.open(b.wsUrl, room, 'Ali');
      clients.push(onB);
      await onB.next('presence');
      const bystander = await join(a, room, 'Bea');
      const rounds = 25;
      for (let i = 0; i < rounds; i++) {
        onA.send(`resent ${i}`, `race-${i}`);
        onB.send(`resent ${i}`, `race-${i}`);
        bystander.send(`bystander ${i}`, `bea-${i}`);
        await sleep(5);
      }
      await waitFor(() => onA.all('ack').length + onA.all('error').length === rounds, 10_000, 'answers on A');
      await waitFor(() => onB.all('ack').length + onB.all('error').length === rounds, 10_000, 'answers on B');
      await waitFor(() => bystander.all('ack').length + bystander.all('error').length === rounds, 10_000, 'Bea');
      expect([...onA.all('error'), ...onB.all('error'), ...bystander.all('error')]).toEqual([]);
      const ackOf = (client: ChatClient, clientId: string) =>
        client.all('ack').find((ack) => ack.clientId === clientId);
      for (let i = 0; i < rounds; i++) expect(ackOf(onA, `race-${i}`)).toEqual(ackOf(onB, `race-${i}`));
      const stored = await storedMessages(a, room);
      expect(stored.filter((row) => row.clientId?.startsWith('race-'))).toHaveLength(rounds);
      expect(stored.filter((row) => row.clientId?.startsWith('bea-'))).toHaveLength(rounds);
    });

    it('shares sessions: a ticket from one instance opens a socket on the other, and a sign-out on either is seen by both', async () => {
      const onA = new Accounts(a.httpUrl);
      const onB = new Accounts(b.httpUrl);
      const auth = await onA.register(uniqueUsername());
      const room = uniqueRoom('sessions');
      const socketOnB = await ChatClient.open(b.wsUrl, room, '', { ticket: await onA.ticket(auth.accessToken) });
      clients.push(socketOnB);
      await socketOnB.next('history');
      expect((await onB.request('/me', undefined, auth.accessToken)).status).toBe(200);

      expect((await onA.request('/auth/logout', {}, auth.accessToken)).status).toBe(204);
      const revokedAt = Date.now();
      expect((await socketOnB.closed).code).toBe(CloseCode.Unauthorized);
      while ((await onB.request('/me', undefined, auth.accessToken)).status !== 401) {
        if (Date.now() - revokedAt > 1_000) throw new Error('Instance B still accepts the token after 1 s');
        await sleep(50);
      }
      expect((await onB.request('/auth/refresh', { refreshToken: auth.refreshToken })).status).toBe(401);
    });

    it('closes guests on the other instance when their name is registered', async () => {
      const name = uniqueUsername();
      const guestOnB = await join(b, uniqueRoom('taken'), name);
      await new Accounts(a.httpUrl).register(name);
      expect((await guestOnB.closed).code).toBe(CloseCode.NameTaken);
    });

    it('carries typing, receipts and removals across instances, and a user stream follows rooms anywhere', async () => {
      const onA = new Accounts(a.httpUrl);
      const owner = await onA.register(uniqueUsername('owner'));
      const member = await onA.register(uniqueUsername('member'));
      const room = await onA.json<RoomSummary>('POST', '/rooms', owner.accessToken, {
        name: 'Team',
        visibility: 'private',
      });
      await onA.json('POST', `/rooms/${room.slug}/members`, owner.accessToken, { username: member.user.username });
      const stream = (await new Accounts(b.httpUrl).openStream(b.wsUrl, member.accessToken)) as unknown as ChatClient;
      clients.push(stream);
      const streamed = stream as unknown as ChatClient<UserStreamEvents>;
      await streamed.next('my_room', (state) => state.slug === room.slug);

      const ownerOnA = await onA.open(a.wsUrl, room.slug, owner.accessToken);
      const memberOnB = await new Accounts(b.httpUrl).open(b.wsUrl, room.slug, member.accessToken);
      clients.push(ownerOnA, memberOnB);
      await Promise.all([ownerOnA.next('history'), memberOnB.next('history')]);

      memberOnB.sendRaw(JSON.stringify({ event: 'typing', data: { typing: true } }));
      expect(await ownerOnA.next('typing', (data) => data.users.length > 0)).toEqual({ users: [member.user.username] });
      ownerOnA.send(`@${member.user.username} look`, 'o1');
      expect(await streamed.next('my_room', (state) => state.unread === 1)).toMatchObject({ mentions: 1 });
      const { seq } = await memberOnB.next('message');
      memberOnB.sendRaw(JSON.stringify({ event: 'read', data: { seq } }));
      expect(await ownerOnA.next('receipt')).toEqual({ userId: member.user.id, username: member.user.username, seq });
      expect(await streamed.next('my_room', (state) => state.readSeq === seq)).toMatchObject({ unread: 0 });

      await onA.call('DELETE', `/rooms/${room.slug}/members/${member.user.username}`, owner.accessToken);
      expect((await memberOnB.closed).code).toBe(CloseCode.RemovedFromRoom);
      expect(await streamed.next('my_room_removed')).toEqual({ slug: room.slug, by: owner.user.username });
    });

    it('tells an open user stream of a DM begun on the other instance', async () => {
      const ali = await new Accounts(a.httpUrl).register(uniqueUsername('ali'));
      const bea = await new Accounts(b.httpUrl).register(uniqueUsername('bea'));
      const stream = (await new Accounts(b.httpUrl).openStream(b.wsUrl, bea.accessToken)) as unknown as ChatClient;
      clients.push(stream);
      const streamed = stream as unknown as ChatClient<UserStreamEvents>;
      const dm = await new Accounts(a.httpUrl).json<RoomSummary>('POST', '/dms', ali.accessToken, {
        username: bea.user.username,
      });
      expect(await streamed.next('my_room', (state) => state.slug === dm.slug)).toMatchObject({
        kind: 'dm',
        unread: 0,
      });
    });

    it('delivers every change of the log to both instances once, in one seq order with no gap', async () => {
      const room = uniqueRoom('changes');
      const onA = new Accounts(a.httpUrl);
      const writer = await onA.register(uniqueUsername('writer'));
      const writerOnA = await onA.open(a.wsUrl, room, writer.accessToken);
      clients.push(writerOnA);
      await writerOnA.next('history');
      const readerOnB = await join(b, room, 'Reader');
      const guestOnA = await join(a, room, 'Guest');
      for (let i = 0; i < 10; i++) writerOnA.send(`m${i}`, `m${i}`);
      await waitFor(() => writerOnA.all('ack').length === 10);
      const ids = writerOnA.all('ack').map((ack) => ack.id);
      for (let i = 0; i < 10; i++) {
        writerOnA.sendRaw(JSON.stringify({ event: 'edit', data: { id: ids[i], content: `e${i}`, clientId: `e${i}` } }));
        guestOnA.sendRaw(
          JSON.stringify({ event: 'react', data: { id: ids[i], emoji: '👍', on: true, clientId: `r${i}` } }),
        );
      }
      writerOnA.sendRaw(JSON.stringify({ event: 'delete', data: { id: ids[0], clientId: 'd0' } }));
      const eventSeqs = () => [
        ...readerOnB.all('message').map((message) => message.seq),
        ...readerOnB.all('message_updated').map((update) => update.seq),
      ];
      await waitFor(() => eventSeqs().length === 31, 10_000, 'every event on B');
      const inArrivalOrder = readerOnB.frames
        .filter((frame) => frame.event === 'message' || frame.event === 'message_updated')
        .map((frame) => (frame.event === 'message' ? frame.data.seq : (frame.data as { seq: number }).seq));
      expect(inArrivalOrder).toEqual(oneToN(31));
    });

    it('shares the per-address REST write limit between instances', async () => {
      const limited = { ...settings(), REST_WRITES_PER_MIN: '4' };
      const c = await startTestApp(limited);
      const d = await startTestApp(limited);
      try {
        const create = (server: TestApp) =>
          fetch(`${server.httpUrl}/api/rooms`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ slug: uniqueRoom('shared') }),
          });
        const statuses = [];
        for (const server of [c, d, c, d, c, d]) statuses.push((await create(server)).status);
        expect(statuses).toEqual([201, 201, 201, 201, 429, 429]);
      } finally {
        await c.close();
        await d.close();
      }
    });
  });

  it('Redis cut mid-stream: local chat goes on, nothing acked is lost, the other instance fills the gap in order', async () => {
    const proxy = await TcpProxy.start(REDIS.hostname, Number(REDIS.port || 6379));
    const viaProxy = `redis://127.0.0.1:${proxy.port}`;
    const a = await startTestApp(settings(viaProxy));
    const b = await startTestApp(settings(viaProxy));
    try {
      const room = uniqueRoom('redis-cut');
      const writer = await join(a, room, 'Writer');
      const localReader = await join(a, room, 'LocalReader');
      const remoteReader = await join(b, room, 'RemoteReader');
      let sent = 0;
      const burst = async (count: number) => {
        for (let i = 0; i < count; i++) {
          writer.send(`m${++sent}`, `c${sent}`);
          if (i % 10 === 9) await sleep(5);
        }
      };
      await burst(50);
      await proxy.cut();
      await burst(100);
      await waitFor(() => localReader.all('message').length === 150, 10_000, 'local delivery during the outage');
      await proxy.restore();
      await burst(50);
      await waitFor(() => remoteReader.all('message').length >= 200, 20_000, 'the remote instance to catch up');
      expect(seqs(localReader.all('message'))).toEqual(oneToN(200));
      expect(seqs(remoteReader.all('message'))).toEqual(oneToN(200));
      const acked = writer.all('ack').map((ack) => ack.clientId);
      expect(acked).toHaveLength(200);
      expect((await storedMessages(a, room)).map((row) => row.clientId).sort()).toEqual(acked.sort());
    } finally {
      await a.close();
      await b.close();
      await proxy.close();
    }
  });

  it('an instance killed with SIGKILL: its clients resume on the other, its names leave presence within 15 s', async () => {
    const databaseUrl = process.env.DATABASE_URL!;
    const doomed = await startApiProcess({ DATABASE_URL: databaseUrl, DATABASE_MIGRATE: 'false', ...settings() });
    const survivor = await startApiProcess({ DATABASE_URL: databaseUrl, DATABASE_MIGRATE: 'false', ...settings() });
    try {
      const room = uniqueRoom('sigkill');
      const watcher = await join(survivor, room, 'Watcher');
      const ghost = await join(doomed, room, 'Ghost');
      await watcher.next('presence', (p) => p.users.includes('Ghost'));
      watcher.send('before the crash');
      const lastSeen = (await ghost.next('message')).seq;

      const onSurvivor = new Accounts(survivor.httpUrl);
      const user = await onSurvivor.register(uniqueUsername('online'));
      const userOnDoomed = await new Accounts(doomed.httpUrl).open(doomed.wsUrl, room, user.accessToken);
      clients.push(userOnDoomed);
      await userOnDoomed.next('history');
      const onlineOf = async () =>
        (await onSurvivor.json<Member[]>('GET', `/rooms/${room}/members`)).find((m) => m.userId === user.user.id)
          ?.online;
      expect(await onlineOf()).toBe(true);

      doomed.child.kill('SIGKILL');
      expect((await ghost.closed).code).toBe(1006);
      watcher.send('while Ghost was away');
      const killedAt = Date.now();
      await watcher.next('presence', (p) => !p.users.includes('Ghost'), 20_000);
      expect(Date.now() - killedAt).toBeLessThanOrEqual(15_000);
      while (await onlineOf()) {
        if (Date.now() - killedAt > 15_000) throw new Error('Still online 15 s after their instance died');
        await sleep(250);
      }

      const resumed = await ChatClient.open(survivor.wsUrl, room, 'Ghost', { since: lastSeen });
      clients.push(resumed);
      expect((await resumed.next('history')).messages.map((m) => m.content)).toEqual(['while Ghost was away']);
    } finally {
      doomed.child.kill('SIGKILL');
      survivor.child.kill('SIGTERM');
      await survivor.exited;
    }
  }, 60_000);
});
