import { CloseCode, type EventPage, type Member, type RoomSummary } from '@parley/contracts';
import { Accounts, uniqueUsername } from './support/accounts.js';
import { ChatClient, type Closed } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { upgradeBurst } from './support/upgrade-burst.js';
import { startTestApp, storedMessages, uniqueRoom } from './support/test-app.js';

/** The guarantees that leaked at the seams, each as a black-box client found it. */
describe('guarantees at the seams', () => {
  const chat = useChatServer({ WS_MAX_CONN_PER_IP: '100' });
  const api = () => new Accounts(chat.server.httpUrl);

  async function person(prefix = 'u') {
    const auth = await api().register(uniqueUsername(prefix));
    return { ...auth, name: auth.user.username, token: auth.accessToken };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  const createPrivate = (owner: Person) =>
    api().json<RoomSummary>('POST', '/rooms', owner.token, { name: 'Plans', visibility: 'private' });

  function closedWithin(client: ChatClient, ms = 5_000): Promise<Closed | 'still open'> {
    return Promise.race([
      client.closed,
      new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms)),
    ]);
  }

  /** How the socket's join ended: the close it got, or 'joined' when its history arrived instead. */
  function joinedOrClosed(client: ChatClient): Promise<Closed | 'joined'> {
    return Promise.race([client.closed, client.next('history').then(() => 'joined' as const)]);
  }

  describe('a member removed, or a session revoked, while its sockets were joining', () => {
    it('closes every socket of a removed member with 4403, also those still joining, and none gets a later message', async () => {
      const owner = await person('owner');
      const member = await person('member');
      const room = await createPrivate(owner);
      await api().json('POST', `/rooms/${room.slug}/members`, owner.token, { username: member.name });
      const ownerSocket = chat.track(await api().open(chat.server.wsUrl, room.slug, owner.token));
      await ownerSocket.next('history');
      for (let i = 0; i < 25; i++) ownerSocket.send(`before ${i}`, `b${i}`);
      await ownerSocket.next('ack', (ack) => ack.clientId === 'b24');

      const tickets = await Promise.all(Array.from({ length: 12 }, () => api().ticket(member.token)));
      const opening = tickets.map((ticket) =>
        ChatClient.open(chat.server.wsUrl, room.slug, '', { ticket, since: 0 })
          .then((client) => chat.track(client))
          .catch(() => null),
      );
      const removal = api().call('DELETE', `/rooms/${room.slug}/members/${member.name}`, owner.token);
      const sockets = (await Promise.all(opening)).filter((client) => client !== null);
      expect((await removal).status).toBe(204);
      ownerSocket.send('after the removal', 'after');
      await ownerSocket.next('ack', (ack) => ack.clientId === 'after');

      for (const socket of sockets) {
        expect(await closedWithin(socket)).toMatchObject({ code: CloseCode.RemovedFromRoom });
        expect(socket.all('message').map((message) => message.content)).not.toContain('after the removal');
      }
    });

    it('closes every socket of a session signed out while they were joining with 4401', async () => {
      const member = await person('member');
      const room = uniqueRoom('revoked');
      const tickets = await Promise.all(Array.from({ length: 12 }, () => api().ticket(member.token)));
      const opening = tickets.map((ticket) =>
        ChatClient.open(chat.server.wsUrl, room, '', { ticket, since: 0 })
          .then((client) => chat.track(client))
          .catch(() => null),
      );
      const logout = api().request('/auth/logout', {}, member.token);
      const sockets = (await Promise.all(opening)).filter((client) => client !== null);
      expect((await logout).status).toBe(204);
      for (const socket of sockets) expect(await closedWithin(socket)).toMatchObject({ code: CloseCode.Unauthorized });
    });
  });

  describe('resends are told by their sender and clientId exactly', () => {
    it('stores k and K from one sender as two messages', async () => {
      const room = uniqueRoom('keys');
      const bob = await chat.join(room, 'bob');
      bob.send('lower', 'k');
      bob.send('upper', 'K');
      const acks = [await bob.next('ack'), await bob.next('ack')];
      expect(acks.map((ack) => ack.clientId)).toEqual(['k', 'K']);
      expect(new Set(acks.map((ack) => ack.id)).size).toBe(2);
      expect((await storedMessages(chat.server, room)).map((row) => row.content)).toEqual(['lower', 'upper']);
    });

    it('stores the same clientId from bob and BOB, and everyone else’s messages of the same batch', async () => {
      const room = uniqueRoom('keys');
      const [bob, shouting, other] = [
        await chat.join(room, 'bob'),
        await chat.join(room, 'BOB'),
        await chat.join(room, 'cy'),
      ];
      bob.send('from bob', 'same');
      shouting.send('from BOB', 'same');
      other.send('from cy', 'cy-1');
      const acks = [await bob.next('ack'), await shouting.next('ack'), await other.next('ack')];
      expect(new Set(acks.map((ack) => ack.id)).size).toBe(3);
      expect([bob, shouting, other].flatMap((client) => client.all('error'))).toEqual([]);
      expect((await storedMessages(chat.server, room)).map((row) => row.content).sort()).toEqual([
        'from BOB',
        'from bob',
        'from cy',
      ]);
    });

    it('applies the same change clientId from bob and BOB as two reactions', async () => {
      const room = uniqueRoom('keys');
      const [bob, shouting] = [await chat.join(room, 'bob'), await chat.join(room, 'BOB')];
      bob.send('react to me', 'm');
      const { id } = await bob.next('ack');
      for (const client of [bob, shouting]) {
        client.sendRaw(JSON.stringify({ event: 'react', data: { id, emoji: '👍', on: true, clientId: 'r' } }));
      }
      await bob.next('ack', (ack) => ack.clientId === 'r');
      await shouting.next('ack', (ack) => ack.clientId === 'r');
      const updated = await bob.next('message_updated', (update) => update.message.reactions[0]?.count === 2);
      expect(updated.message.reactions).toEqual([{ emoji: '👍', count: 2, users: ['bob', 'BOB'] }]);
    });
  });

  describe('resuming a room whose log is mostly reaction toggles', () => {
    it('reads a bounded part of the log per join and says there is more, which the events pages give', async () => {
      const server = await startTestApp({ WS_RATE_BURST: '0' });
      try {
        const room = uniqueRoom('toggles');
        const writer = await ChatClient.join(server.wsUrl, room, 'Ali');
        writer.send('the one message', 'm');
        const { id, seq } = await writer.next('ack');
        for (let i = 0; i < 1_200; i++) {
          writer.sendRaw(
            JSON.stringify({ event: 'react', data: { id, emoji: '👍', on: i % 2 === 0, clientId: `t${i}` } }),
          );
        }
        await writer.next('ack', (ack) => ack.clientId === 't1199', 30_000);
        await writer.close();

        const resumed = await ChatClient.open(server.wsUrl, room, 'Bea', { since: seq });
        const history = await resumed.next('history');
        await resumed.close();
        expect(history).toMatchObject({ messages: [], updates: [{ id }], hasMore: true });
        expect(history.lastSeq).toBeLessThan(seq + 1_200);
        const rest = await new Accounts(server.httpUrl).json<EventPage>(
          'GET',
          `/rooms/${room}/events?after=${history.lastSeq}&limit=100`,
        );
        expect(rest.events[0].seq).toBe(history.lastSeq + 1);
      } finally {
        await server.close();
      }
    });
  });

  describe('a socket ticket', () => {
    it('is spent when presented even when the upgrade fails on its since', async () => {
      const user = await person();
      const ticket = await api().ticket(user.token);
      const refused = chat.track(
        await ChatClient.open(chat.server.wsUrl, uniqueRoom('since'), '', { ticket, since: -1 as unknown as number }),
      );
      expect(await refused.closed).toMatchObject({ code: CloseCode.InvalidSince });
      await expect(ChatClient.open(chat.server.wsUrl, uniqueRoom('since'), '', { ticket })).rejects.toThrow('HTTP 401');
    });
  });

  describe('names that pass for someone else', () => {
    it.each([
      ['a zero-width space', 'ali\u200B'],
      ['a right-to-left override', '\u202Eali'],
      ['a word joiner', 'al\u2060i'],
      ['a line separator', 'al\u2028i'],
    ])('refuses a guest name holding %s with 4002', async (_what, name) => {
      expect(await joinedOrClosed(await chat.open(uniqueRoom('names'), name))).toMatchObject({
        code: CloseCode.InvalidUsername,
      });
    });

    it('refuses a guest whose name folds to a registered one (full width, case) with 4004', async () => {
      const owner = await person('ali');
      const fullWidth = [...owner.name].map((c) =>
        /[a-z0-9]/.test(c) ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c,
      );
      for (const name of [fullWidth.join(''), owner.name.toUpperCase()]) {
        expect(await joinedOrClosed(await chat.open(uniqueRoom('names'), name))).toMatchObject({
          code: CloseCode.NameTaken,
        });
      }
    });

    it('refuses a room display name holding an invisible or bidirectional character with 400', async () => {
      const owner = await person();
      for (const name of ['Plans\u200B', '\u202EPlans', 'Pl\u2029ans']) {
        expect((await api().call('POST', '/rooms', owner.token, { name, visibility: 'private' })).status).toBe(400);
        expect((await api().call('POST', '/rooms', owner.token, { slug: uniqueRoom('n'), name })).status).toBe(400);
      }
    });
  });

  describe('ownership', () => {
    const owners = async (slug: string, token: string) =>
      (await api().json<Member[]>('GET', `/rooms/${slug}/members`, token)).filter((member) => member.role === 'owner');

    it('stays with exactly one owner when two hand-overs race', async () => {
      for (let round = 0; round < 6; round++) {
        const owner = await person('owner');
        const [bea, cy] = [await person('bea'), await person('cy')];
        const room = await createPrivate(owner);
        for (const who of [bea, cy]) {
          await api().json('POST', `/rooms/${room.slug}/members`, owner.token, { username: who.name });
        }
        const handOvers = await Promise.all(
          [bea, cy].map((to) =>
            api().call('PATCH', `/rooms/${room.slug}/members/${to.name}`, owner.token, { role: 'owner' }),
          ),
        );
        expect(handOvers.map((response) => response.status).sort()).toEqual([200, 403]);
        expect(await owners(room.slug, owner.token)).toHaveLength(1);
      }
    });

    it('stays with exactly one owner when a hand-over races the new owner’s removal', async () => {
      for (let round = 0; round < 6; round++) {
        const owner = await person('owner');
        const [admin, bea] = [await person('admin'), await person('bea')];
        const room = await createPrivate(owner);
        for (const who of [admin, bea]) {
          await api().json('POST', `/rooms/${room.slug}/members`, owner.token, { username: who.name });
        }
        await api().json('PATCH', `/rooms/${room.slug}/members/${admin.name}`, owner.token, { role: 'admin' });
        await Promise.all([
          api().call('PATCH', `/rooms/${room.slug}/members/${bea.name}`, owner.token, { role: 'owner' }),
          api().call('DELETE', `/rooms/${room.slug}/members/${bea.name}`, admin.token),
        ]);
        expect(await owners(room.slug, owner.token)).toHaveLength(1);
      }
    });
  });

  describe('connections per address (WS_MAX_CONN_PER_IP=100)', () => {
    it('holds at most 100 of 250 upgrades from one address that arrive at once', async () => {
      const statuses = await upgradeBurst(chat.server.httpUrl, uniqueRoom('cap'), 250);
      expect(statuses.filter((status) => status === '101')).toHaveLength(100);
      expect(statuses.filter((status) => status === '429')).toHaveLength(150);
    });
  });
});
