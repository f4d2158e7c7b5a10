import {
  CloseCode,
  ErrorCode,
  type Member,
  type MyRoom,
  type RoomSummary,
  type UserStreamEvents,
} from '@parley/contracts';
import { Accounts, uniqueUsername } from './support/accounts.js';
import { ChatClient, sleep, waitFor } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { uniqueRoom } from './support/test-app.js';

describe('private rooms, DMs and members', () => {
  const chat = useChatServer();
  const api = () => new Accounts(chat.server.httpUrl);

  async function person(prefix = 'u') {
    const auth = await api().register(uniqueUsername(prefix));
    return { ...auth, name: auth.user.username, token: auth.accessToken };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  const createPrivate = (owner: Person, name = 'Plans') =>
    api().json<RoomSummary>('POST', '/rooms', owner.token, { name, visibility: 'private' });

  async function openAs(who: Person, slug: string): Promise<ChatClient> {
    const client = chat.track(await api().open(chat.server.wsUrl, slug, who.token));
    await client.next('history');
    return client;
  }

  describe('private rooms', () => {
    it('are created by a signed-in user, who owns them, under a slug the server chooses', async () => {
      const owner = await person('owner');
      const room = await createPrivate(owner);
      expect(room).toMatchObject({ name: 'Plans', visibility: 'private', kind: 'room' });
      expect(room.slug).toMatch(/^[a-z0-9_-]{16,64}$/);
      const members = await api().json<Member[]>('GET', `/rooms/${room.slug}/members`, owner.token);
      expect(members).toEqual([{ userId: owner.user.id, username: owner.name, role: 'owner', online: false }]);
    });

    it('refuse a guest or no token with 401, a slug with 400, no name with 400', async () => {
      const owner = await person();
      expect((await api().call('POST', '/rooms', undefined, { name: 'x', visibility: 'private' })).status).toBe(401);
      expect(
        (await api().call('POST', '/rooms', owner.token, { name: 'x', visibility: 'private', slug: 'mine' })).status,
      ).toBe(400);
      expect((await api().call('POST', '/rooms', owner.token, { visibility: 'private' })).status).toBe(400);
      expect((await api().call('POST', '/rooms', owner.token, { slug: 'ok', visibility: 'secret' })).status).toBe(400);
    });

    it('are invisible to non-members: 404 on every endpoint, a refused upgrade, never listed', async () => {
      const owner = await person();
      const stranger = await person('stranger');
      const room = await createPrivate(owner);
      for (const token of [undefined, stranger.token]) {
        for (const path of [`/rooms/${room.slug}`, `/rooms/${room.slug}/messages`, `/rooms/${room.slug}/members`]) {
          expect((await api().call('GET', path, token)).status).toBe(404);
        }
      }
      expect(
        (await api().call('POST', `/rooms/${room.slug}/members`, stranger.token, { username: stranger.name })).status,
      ).toBe(404);
      expect((await api().call('PUT', `/rooms/${room.slug}/read`, stranger.token, { seq: 1 })).status).toBe(404);
      await expect(api().open(chat.server.wsUrl, room.slug, stranger.token)).rejects.toThrow('HTTP 404');
      await expect(ChatClient.open(chat.server.wsUrl, room.slug, 'Guest')).rejects.toThrow('HTTP 404');
      const listed = await api().json<RoomSummary[]>('GET', '/rooms', stranger.token);
      expect(listed.map((summary) => summary.slug)).not.toContain(room.slug);
      // The answer for a private room is the answer for a room that does not exist.
      const unknown = await api().call('GET', `/rooms/${uniqueRoom('none')}`, stranger.token);
      expect(unknown.status).toBe(404);
    });
  });

  describe('members', () => {
    it('are added by the owner or an admin (201), at once; 404 unknown user, 403 not allowed, 409 twice', async () => {
      const owner = await person('owner');
      const bea = await person('bea');
      const cy = await person('cy');
      const room = await createPrivate(owner);
      const watcher = await openAs(owner, room.slug);
      const added = await api().call('POST', `/rooms/${room.slug}/members`, owner.token, { username: bea.name });
      expect(added.status).toBe(201);
      expect(await added.json()).toEqual({ userId: bea.user.id, username: bea.name, role: 'member', online: false });
      expect(await watcher.next('system', (notice) => notice.kind === 'added')).toMatchObject({
        username: bea.name,
        by: owner.name,
      });
      expect(
        (await api().call('POST', `/rooms/${room.slug}/members`, owner.token, { username: 'nobody-here' })).status,
      ).toBe(404);
      expect((await api().call('POST', `/rooms/${room.slug}/members`, bea.token, { username: cy.name })).status).toBe(
        403,
      );
      expect(
        (await api().call('POST', `/rooms/${room.slug}/members`, owner.token, { username: bea.name })).status,
      ).toBe(409);
      await openAs(bea, room.slug);
    });

    it('follow the removal rules; a removed member is closed with 4403 and sees 404 from then on', async () => {
      const owner = await person('owner');
      const admin = await person('admin');
      const other = await person('admin2');
      const member = await person('member');
      const room = await createPrivate(owner);
      for (const who of [admin, other, member]) {
        await api().json('POST', `/rooms/${room.slug}/members`, owner.token, { username: who.name });
      }
      for (const who of [admin, other]) {
        await api().json('PATCH', `/rooms/${room.slug}/members/${who.name}`, owner.token, { role: 'admin' });
      }
      const remove = (actor: Person, target: Person) =>
        api().call('DELETE', `/rooms/${room.slug}/members/${target.name}`, actor.token);
      expect((await remove(admin, owner)).status).toBe(403);
      expect((await remove(admin, other)).status).toBe(403);
      expect((await remove(member, admin)).status).toBe(403);
      expect((await remove(owner, owner)).status).toBe(403);

      const socket = await openAs(member, room.slug);
      const watcher = await openAs(owner, room.slug);
      expect((await remove(admin, member)).status).toBe(204);
      expect((await socket.closed).code).toBe(CloseCode.RemovedFromRoom);
      expect(await watcher.next('system', (notice) => notice.kind === 'removed')).toMatchObject({
        username: member.name,
        by: admin.name,
      });
      expect((await api().call('GET', `/rooms/${room.slug}`, member.token)).status).toBe(404);
      await expect(api().open(chat.server.wsUrl, room.slug, member.token)).rejects.toThrow('HTTP 404');

      expect((await remove(other, other)).status).toBe(204);
      expect((await api().call('GET', `/rooms/${room.slug}/messages`, other.token)).status).toBe(404);
    });

    it('change roles by the owner only; making someone owner hands ownership over', async () => {
      const owner = await person('owner');
      const bea = await person('bea');
      const room = await createPrivate(owner);
      await api().json('POST', `/rooms/${room.slug}/members`, owner.token, { username: bea.name });
      const patch = (actor: Person, target: string, role: string) =>
        api().call('PATCH', `/rooms/${room.slug}/members/${target}`, actor.token, { role });
      expect((await patch(bea, bea.name, 'admin')).status).toBe(403);
      expect((await patch(owner, owner.name, 'member')).status).toBe(403);
      expect((await patch(owner, bea.name, 'boss')).status).toBe(400);
      const handedOver = await patch(owner, bea.name, 'owner');
      expect(handedOver.status).toBe(200);
      expect(await handedOver.json()).toMatchObject({ username: bea.name, role: 'owner' });
      const roles = (await api().json<Member[]>('GET', `/rooms/${room.slug}/members`, bea.token)).map((m) => [
        m.username,
        m.role,
      ]);
      expect(roles).toEqual(
        expect.arrayContaining([
          [owner.name, 'admin'],
          [bea.name, 'owner'],
        ]),
      );
      expect((await api().call('DELETE', `/rooms/${room.slug}/members/${owner.name}`, owner.token)).status).toBe(204);
    });

    it('in a public room: anyone lists them, a signed-in opener becomes one, nobody is added', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const slug = uniqueRoom('public');
      await openAs(ali, slug);
      await chat.join(slug, 'A guest');
      const members = await api().json<Member[]>('GET', `/rooms/${slug}/members`);
      expect(members).toEqual([{ userId: ali.user.id, username: ali.name, role: 'member', online: true }]);
      expect((await api().call('POST', `/rooms/${slug}/members`, ali.token, { username: bea.name })).status).toBe(403);
    });
  });

  describe('direct messages', () => {
    it('are one room for the same two people, whichever asks, also at the same moment', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const asked = await Promise.all([
        api().json<RoomSummary>('POST', '/dms', ali.token, { username: bea.name }),
        api().json<RoomSummary>('POST', '/dms', bea.token, { username: ali.name }),
        api().json<RoomSummary>('POST', '/dms', ali.token, { username: bea.name.toUpperCase() }),
      ]);
      expect(new Set(asked.map((room) => room.slug)).size).toBe(1);
      expect(asked[0]).toMatchObject({ kind: 'dm', visibility: 'private' });
      const members = await api().json<Member[]>('GET', `/rooms/${asked[0].slug}/members`, ali.token);
      expect(members.map((member) => member.username).sort()).toEqual([ali.name, bea.name].sort());
    });

    it('refuse yourself (400), an unknown user (404), guests (401), and any change of members (403)', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const cy = await person('cy');
      expect((await api().call('POST', '/dms', ali.token, { username: ali.name })).status).toBe(400);
      expect((await api().call('POST', '/dms', ali.token, { username: 'nobody-here' })).status).toBe(404);
      expect((await api().call('POST', '/dms', undefined, { username: bea.name })).status).toBe(401);
      const dm = await api().json<RoomSummary>('POST', '/dms', ali.token, { username: bea.name });
      expect((await api().call('POST', `/rooms/${dm.slug}/members`, ali.token, { username: cy.name })).status).toBe(
        403,
      );
      expect((await api().call('DELETE', `/rooms/${dm.slug}/members/${ali.name}`, ali.token)).status).toBe(403);
      expect((await api().call('DELETE', `/rooms/${dm.slug}/members/${bea.name}`, ali.token)).status).toBe(403);
      expect((await api().call('GET', `/rooms/${dm.slug}`, cy.token)).status).toBe(404);
    });
  });

  describe('unread counts and read receipts', () => {
    const myRoom = async (who: Person, slug: string) =>
      (await api().json<MyRoom[]>('GET', '/me/rooms', who.token)).find((room) => room.slug === slug);

    it('count messages from others above the marker, and those mentioning the user as a word', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const dm = await api().json<RoomSummary>('POST', '/dms', ali.token, { username: bea.name });
      const beaSocket = await openAs(bea, dm.slug);
      const aliSocket = await openAs(ali, dm.slug);
      for (const content of [
        `hi @${ali.name.toUpperCase()}`,
        'plain',
        `mail ${ali.name}@example.com`,
        `@${ali.name}, again`,
      ]) {
        beaSocket.send(content, `b-${content}`);
        await beaSocket.next('ack');
      }
      aliSocket.send(`my own @${ali.name}`, 'a-1');
      await aliSocket.next('ack');
      expect(await myRoom(ali, dm.slug)).toMatchObject({ lastSeq: 5, readSeq: 0, unread: 4, mentions: 2 });
      expect(await myRoom(bea, dm.slug)).toMatchObject({ unread: 1, mentions: 0 });
      expect(await api().json('PUT', `/rooms/${dm.slug}/read`, ali.token, { seq: 2 })).toEqual({ readSeq: 2 });
      expect(await myRoom(ali, dm.slug)).toMatchObject({ readSeq: 2, unread: 2, mentions: 1 });
      const rooms = await api().json<MyRoom[]>('GET', '/me/rooms', ali.token);
      expect(rooms[0].slug).toBe(dm.slug);
    });

    it('move the marker only forward and never past the room’s last seq', async () => {
      const ali = await person('ali');
      const slug = uniqueRoom('marker');
      const socket = await openAs(ali, slug);
      for (let i = 0; i < 3; i++) socket.send(`m${i}`, `m${i}`);
      await waitFor(() => socket.all('ack').length === 3);
      const read = (seq: unknown) => api().call('PUT', `/rooms/${slug}/read`, ali.token, { seq });
      expect(await (await read(2)).json()).toEqual({ readSeq: 2 });
      expect(await (await read(1)).json()).toEqual({ readSeq: 2 });
      expect(await (await read(999)).json()).toEqual({ readSeq: 3 });
      expect((await read(-1)).status).toBe(400);
      expect((await read('3')).status).toBe(400);
    });

    it('send receipts to the room, the first at once and later moves of that second merged into one', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const dm = await api().json<RoomSummary>('POST', '/dms', ali.token, { username: bea.name });
      const aliSocket = await openAs(ali, dm.slug);
      const beaSocket = await openAs(bea, dm.slug);
      for (let i = 0; i < 5; i++) aliSocket.send(`m${i}`, `m${i}`);
      await waitFor(() => beaSocket.all('message').length === 5);
      const sentAt = Date.now();
      for (let seq = 1; seq <= 5; seq++) beaSocket.sendRaw(JSON.stringify({ event: 'read', data: { seq } }));
      const first = await aliSocket.next('receipt');
      expect(first).toEqual({ userId: bea.user.id, username: bea.name, seq: 1 });
      const merged = await aliSocket.next('receipt');
      expect(merged.seq).toBe(5);
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(900);
      beaSocket.send('after reading', 'b1');
      await aliSocket.next('message', (message) => message.content === 'after reading');
      expect(aliSocket.all('receipt')).toHaveLength(2);
    });

    it('put the viewer’s marker and everyone’s receipts in a member’s history, and nothing of it in a guest’s', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const slug = uniqueRoom('receipts');
      const aliSocket = await openAs(ali, slug);
      aliSocket.send('one', 'one');
      await aliSocket.next('ack');
      await api().json('PUT', `/rooms/${slug}/read`, ali.token, { seq: 1 });
      const beaClient = chat.track(await api().open(chat.server.wsUrl, slug, bea.token));
      expect(await beaClient.next('history')).toMatchObject({
        readSeq: 0,
        receipts: [{ userId: ali.user.id, username: ali.name, seq: 1 }],
      });
      const guest = await chat.open(slug, 'A guest');
      const guestHistory = await guest.next('history');
      expect(guestHistory).not.toHaveProperty('readSeq');
      expect(guestHistory).not.toHaveProperty('receipts');
      guest.sendRaw(JSON.stringify({ event: 'read', data: { seq: 1 } }));
      expect(await guest.next('error')).toMatchObject({ code: ErrorCode.Forbidden });
      for (const data of [{ seq: -1 }, { seq: 1.5 }, { seq: '1' }, {}]) {
        beaClient.sendRaw(JSON.stringify({ event: 'read', data }));
        expect(await beaClient.next('error')).toMatchObject({ code: ErrorCode.InvalidData });
      }
    });
  });

  describe('typing', () => {
    it('tells everyone the set of people typing whenever it changes, until false, a message or a close', async () => {
      const slug = uniqueRoom('typing');
      const watcher = await chat.join(slug, 'Watcher');
      const ali = await chat.join(slug, 'Ali');
      const bea = await chat.join(slug, 'Bea');
      const typing = (client: ChatClient, on: unknown) =>
        client.sendRaw(JSON.stringify({ event: 'typing', data: { typing: on } }));
      typing(ali, true);
      expect(await watcher.next('typing')).toEqual({ users: ['Ali'] });
      typing(ali, true);
      typing(bea, true);
      expect(await watcher.next('typing')).toEqual({ users: ['Ali', 'Bea'] });
      ali.send('done typing');
      expect(await watcher.next('typing')).toEqual({ users: ['Bea'] });
      await bea.close();
      expect(await watcher.next('typing')).toEqual({ users: [] });
      typing(ali, true);
      await watcher.next('typing', (data) => data.users.length === 1);
      typing(ali, false);
      expect(await watcher.next('typing')).toEqual({ users: [] });
      typing(ali, 'yes');
      expect(await ali.next('error')).toMatchObject({ code: ErrorCode.InvalidData });
    });

    it('forgets someone 6 s after their last typing:true', async () => {
      const slug = uniqueRoom('typing-expiry');
      const watcher = await chat.join(slug, 'Watcher');
      const ali = await chat.join(slug, 'Ali');
      ali.sendRaw(JSON.stringify({ event: 'typing', data: { typing: true } }));
      await watcher.next('typing');
      const startedAt = Date.now();
      expect(await watcher.next('typing', () => true, 8_000)).toEqual({ users: [] });
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(5_500);
    }, 15_000);

    it('drops typing frames past a few a second silently, and counts neither them nor reads against messages', async () => {
      const slug = uniqueRoom('typing-flood');
      const ali = await chat.join(slug, 'Ali');
      for (let i = 0; i < 50; i++) ali.sendRaw(JSON.stringify({ event: 'typing', data: { typing: i % 2 === 0 } }));
      ali.send('still allowed', 'after-typing');
      expect(await ali.next('ack')).toMatchObject({ clientId: 'after-typing' });
      expect(ali.all('error')).toEqual([]);
    });
  });

  describe('the user stream', () => {
    it('shows every room of the user, then how each changes: new messages, the marker, being added and removed', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const dm = await api().json<RoomSummary>('POST', '/dms', bea.token, { username: ali.name });
      const stream = chat.track(await api().openStream(chat.server.wsUrl, ali.token));
      expect(await stream.next('my_room')).toMatchObject({ slug: dm.slug, unread: 0, lastSeq: 0 });

      const beaSocket = await openAs(bea, dm.slug);
      beaSocket.send(`hello @${ali.name}`, 'b1');
      expect(await stream.next('my_room', (room) => room.unread === 1)).toMatchObject({
        slug: dm.slug,
        mentions: 1,
        lastSeq: 1,
      });
      await api().json('PUT', `/rooms/${dm.slug}/read`, ali.token, { seq: 1 });
      expect(await stream.next('my_room', (room) => room.readSeq === 1)).toMatchObject({ unread: 0, mentions: 0 });

      const team = await createPrivate(bea, 'Team');
      await api().json('POST', `/rooms/${team.slug}/members`, bea.token, { username: ali.name });
      expect(await stream.next('my_room', (room) => room.slug === team.slug)).toMatchObject({ name: 'Team' });
      await api().call('DELETE', `/rooms/${team.slug}/members/${ali.name}`, bea.token);
      expect(await stream.next('my_room_removed')).toEqual({ slug: team.slug, by: bea.name });
    });

    it("recounts each member's unread and mentions when a message they have not read is edited or deleted", async () => {
      const [ali, bea, cy] = await Promise.all([person('ali'), person('bea'), person('cy')]);
      const team = await createPrivate(ali, 'Counts');
      for (const { name } of [bea, cy]) {
        await api().json('POST', `/rooms/${team.slug}/members`, ali.token, { username: name });
      }
      const [beaStream, cyStream] = await Promise.all(
        [bea, cy].map(async (who) => chat.track(await api().openStream(chat.server.wsUrl, who.token))),
      );
      const counts = (stream: ChatClient<UserStreamEvents>, unread: number, mentions: number) =>
        stream.next(
          'my_room',
          (room) => room.slug === team.slug && room.unread === unread && room.mentions === mentions,
        );
      const aliSocket = await openAs(ali, team.slug);
      aliSocket.send(`lunch @${bea.name}?`, 'a1');
      const { id } = await aliSocket.next('message');
      await Promise.all([counts(beaStream, 1, 1), counts(cyStream, 1, 0)]);

      aliSocket.sendRaw(JSON.stringify({ event: 'edit', data: { id, content: `lunch @${cy.name}?`, clientId: 'a2' } }));
      await Promise.all([counts(beaStream, 1, 0), counts(cyStream, 1, 1)]);
      aliSocket.sendRaw(JSON.stringify({ event: 'delete', data: { id, clientId: 'a3' } }));
      await Promise.all([counts(beaStream, 0, 0), counts(cyStream, 0, 0)]);
    });

    it('follows a DM or a room made while it is open, of whoever made it', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const stream = chat.track(await api().openStream(chat.server.wsUrl, ali.token));
      const dm = await api().json<RoomSummary>('POST', '/dms', bea.token, { username: ali.name });
      expect(await stream.next('my_room', (room) => room.slug === dm.slug)).toMatchObject({ kind: 'dm', unread: 0 });
      const team = await createPrivate(ali, 'Mine');
      expect(await stream.next('my_room', (room) => room.slug === team.slug)).toMatchObject({ name: 'Mine' });
      const beaSocket = await openAs(bea, dm.slug);
      beaSocket.send('hello', 'b1');
      expect(await stream.next('my_room', (room) => room.slug === dm.slug && room.unread === 1)).toMatchObject({
        lastSeq: 1,
      });
    });

    it('is for signed-in users only, and answers ping', async () => {
      await expect(ChatClient.open(chat.server.wsUrl, '~me', 'A guest')).rejects.toThrow('HTTP 401');
      const ali = await person('ali');
      const stream = chat.track(await api().openStream(chat.server.wsUrl, ali.token));
      stream.sendRaw(JSON.stringify({ event: 'ping', data: {} }));
      await stream.next('pong');
      stream.sendRaw(JSON.stringify({ event: 'message', data: { content: 'x' } }));
      expect(await stream.next('error')).toMatchObject({ code: ErrorCode.UnknownEvent });
    });
  });

  it('shows a member online while they have a socket anywhere, and offline once it closed', async () => {
    const ali = await person('ali');
    const slug = uniqueRoom('online');
    const socket = await openAs(ali, slug);
    const online = async () => (await api().json<Member[]>('GET', `/rooms/${slug}/members`))[0].online;
    expect(await online()).toBe(true);
    await socket.close();
    const closedAt = Date.now();
    while (await online()) {
      if (Date.now() - closedAt > 2_000) throw new Error('Still online 2 s after the socket closed');
      await sleep(20);
    }
  });
});
