import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import {
  CloseCode,
  ErrorCode,
  type AdminUser,
  type AdminUserPage,
  type AuditPage,
  type Ban,
  type Mute,
  type ReportPage,
  type ReportReceipt,
  type RoomSummary,
  type User,
} from '@parley/contracts';
import { DataSource } from 'typeorm';
import { UserEntity } from '../src/users/user.entity.js';
import { Accounts, uniqueUsername } from './support/accounts.js';
import { ChatClient } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { startTestApp, uniqueRoom } from './support/test-app.js';

/** A database of its own, on the engine of this pass: where no account was ever registered. */
async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.E2E_MYSQL_ADMIN_URL;
  if (!adminUrl) {
    const folder = await mkdtemp(join(tmpdir(), 'parley-fresh-'));
    return { url: `sqlite:${join(folder, 'parley.sqlite')}`, drop: () => rm(folder, { recursive: true, force: true }) };
  }
  const database = `parley_fresh_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection(adminUrl);
  await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    drop: async () => {
      const connection = await createConnection(adminUrl);
      await connection.query(`DROP DATABASE IF EXISTS ${database}`);
      await connection.end();
    },
  };
}

interface Person {
  name: string;
  token: string;
  refreshToken: string;
}

describe('moderation', () => {
  const chat = useChatServer({ WS_RATE_BURST: '0' });
  const api = () => new Accounts(chat.server.httpUrl);

  // When this suite runs first on its database, this account is its first and so an admin; the suite's people are not.
  beforeAll(() => api().register(uniqueUsername('first')));

  async function person(prefix = 'u'): Promise<Person> {
    const auth = await api().register(uniqueUsername(prefix));
    return { name: auth.user.username, token: auth.accessToken, refreshToken: auth.refreshToken };
  }

  /** A server admin for this suite: the database is shared by every suite, so its first account is someone else's. */
  async function serverAdmin(): Promise<Person> {
    const admin = await person('admin');
    await chat.server.app.get(DataSource).getRepository(UserEntity).update({ username: admin.name }, { admin: true });
    return admin;
  }

  /** A public room created (and so owned) by `owner`, with `members` in it. */
  async function publicRoom(owner: Person, ...members: Person[]): Promise<string> {
    const slug = uniqueRoom('mod');
    await api().json('POST', '/rooms', owner.token, { slug });
    for (const member of members) await (await openAs(slug, member)).close();
    return slug;
  }

  async function privateRoom(owner: Person, ...members: Person[]): Promise<string> {
    const room = await api().json<RoomSummary>('POST', '/rooms', owner.token, {
      name: 'Private',
      visibility: 'private',
    });
    for (const member of members) {
      await api().json('POST', `/rooms/${room.slug}/members`, owner.token, { username: member.name });
    }
    return room.slug;
  }

  async function openAs(slug: string, who: Person): Promise<ChatClient> {
    const client = chat.track(await api().open(chat.server.wsUrl, slug, who.token));
    await client.next('history');
    return client;
  }

  async function post(client: ChatClient, content: string): Promise<string> {
    const clientId = randomBytes(6).toString('hex');
    client.send(content, clientId);
    const answer = await client.answerTo(clientId);
    if (!answer.ack) throw new Error(`not stored: ${JSON.stringify(answer.error)}`);
    return answer.ack.id;
  }

  async function codeOf(response: Response): Promise<string | undefined> {
    return ((await response.json()) as { code?: string }).code;
  }

  async function audit(slug: string, as: Person): Promise<AuditPage> {
    return api().json<AuditPage>('GET', `/rooms/${slug}/audit`, as.token);
  }

  describe('server admins', () => {
    it('answers /api/admin/… with 401 without a token and 403 FORBIDDEN to a signed-in non-admin', async () => {
      const someone = await person();
      for (const [method, path] of [
        ['GET', '/admin/users'],
        ['GET', '/admin/reports'],
        ['GET', '/admin/audit'],
        ['POST', `/admin/users/${someone.name}/deactivate`],
        ['PUT', `/admin/users/${someone.name}/admin`],
      ]) {
        const body = method === 'PUT' ? { admin: true } : undefined;
        expect((await api().call(method, path, undefined, body)).status).toBe(401);
        const refused = await api().call(method, path, someone.token, body);
        expect(refused.status).toBe(403);
        expect(await codeOf(refused)).toBe(ErrorCode.Forbidden);
      }
      expect((await api().json<User>('GET', '/me', someone.token)).admin).toBe(false);
    });

    it('makes the first account ever registered an admin, one of two racing, and never leaves the server without one', async () => {
      const fresh = await freshDatabase();
      const server = await startTestApp({ DATABASE_URL: fresh.url });
      try {
        const accounts = new Accounts(server.httpUrl);
        const racing = await Promise.all([accounts.register('first-one'), accounts.register('first-two')]);
        expect(racing.map((auth) => auth.user.admin).sort()).toEqual([false, true]);
        const admin = racing.find((auth) => auth.user.admin)!;
        const other = racing.find((auth) => !auth.user.admin)!;
        expect((await accounts.register('third-one')).user.admin).toBe(false);
        const granted = await accounts.json<AuditPage>('GET', '/admin/audit', admin.accessToken);
        expect(granted.entries).toEqual([
          expect.objectContaining({ actor: '(first account)', action: 'admin_grant', target: admin.user.username }),
        ]);

        const last = await accounts.call('PUT', `/admin/users/${admin.user.username}/admin`, admin.accessToken, {
          admin: false,
        });
        expect(last.status).toBe(409);
        expect(await codeOf(last)).toBe(ErrorCode.LastAdmin);
        await accounts.json('PUT', `/admin/users/${other.user.username}/admin`, admin.accessToken, { admin: true });
        // Two admins revoking each other at once: one of them stays.
        const both = await Promise.all([
          accounts.call('PUT', `/admin/users/${other.user.username}/admin`, admin.accessToken, { admin: false }),
          accounts.call('PUT', `/admin/users/${admin.user.username}/admin`, other.accessToken, { admin: false }),
        ]);
        // The second finds the admins locked (409 LAST_ADMIN), or its actor no longer an admin (403).
        const statuses = both.map((response) => response.status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(1);
        const stayed = statuses[0] === 200 ? admin : other;
        const listed = await accounts.json<AdminUserPage>('GET', '/admin/users?q=first', stayed.accessToken);
        expect(listed.users.filter((user) => user.admin).map((user) => user.username)).toEqual([stayed.user.username]);
      } finally {
        await server.close();
        await fresh.drop();
      }
    });

    it('makes ADMIN_USERNAMES admins at start, when they are registered', async () => {
      const named = await person('named');
      const other = await person('other');
      const second = await startTestApp({
        ADMIN_USERNAMES: ` ${named.name.toUpperCase()} , nobody-${randomBytes(3).toString('hex')}`,
      });
      try {
        expect((await api().json<User>('GET', '/me', named.token)).admin).toBe(true);
        expect((await api().json<User>('GET', '/me', other.token)).admin).toBe(false);
        const admin = await serverAdmin();
        const granted = (await api().json<AuditPage>('GET', '/admin/audit?limit=100', admin.token)).entries.filter(
          (entry) => entry.target === named.name,
        );
        expect(granted.map((entry) => [entry.actor, entry.action])).toEqual([['(ADMIN_USERNAMES)', 'admin_grant']]);
      } finally {
        await second.close();
      }
    });

    it('grants and revokes admin, says so in sign-in answers, and records each once', async () => {
      const admin = await serverAdmin();
      const target = await person('t');
      const granted = await api().json<AdminUser>('PUT', `/admin/users/${target.name}/admin`, admin.token, {
        admin: true,
      });
      expect(granted).toMatchObject({ username: target.name, admin: true, deactivated: false });
      expect((await api().login(target.name)).user.admin).toBe(true);
      const again = await api().json<AdminUser>('PUT', `/admin/users/${target.name}/admin`, admin.token, {
        admin: true,
      });
      expect(again.admin).toBe(true);
      await api().json('PUT', `/admin/users/${target.name}/admin`, admin.token, { admin: false });
      expect((await api().json<User>('GET', '/me', target.token)).admin).toBe(false);
      const forbidden = await api().call('GET', '/admin/users', target.token);
      expect(forbidden.status).toBe(403);

      const entries = (await api().json<AuditPage>('GET', '/admin/audit?limit=100', admin.token)).entries.filter(
        (entry) => entry.target === target.name,
      );
      expect(entries.map((entry) => [entry.action, entry.actor])).toEqual([
        ['admin_revoke', admin.name],
        ['admin_grant', admin.name],
      ]);
      const bad = await api().call('PUT', `/admin/users/${target.name}/admin`, admin.token, { admin: 'yes' });
      expect(bad.status).toBe(400);
      expect((await api().call('PUT', '/admin/users/nobody-here-x/admin', admin.token, { admin: true })).status).toBe(
        404,
      );
    });

    it('lists users by username prefix, in pages', async () => {
      const admin = await serverAdmin();
      const prefix = `lst${randomBytes(3).toString('hex')}`;
      for (const suffix of ['c', 'a', 'd', 'b', 'e']) await api().register(`${prefix}p${suffix}`);
      // `_` is a wildcard in LIKE: a prefix holding one must not match other characters in its place.
      await api().register(`${prefix}w_x`);
      await api().register(`${prefix}wyx`);
      const first = await api().json<AdminUserPage>(
        'GET',
        `/admin/users?q=${prefix.toUpperCase()}P&limit=2`,
        admin.token,
      );
      expect(first.users.map((user) => user.username)).toEqual([`${prefix}pa`, `${prefix}pb`]);
      expect(first.users[0]).toMatchObject({ admin: false, deactivated: false, guest: false });
      expect(Date.parse(first.users[0].createdAt)).not.toBeNaN();
      const second = await api().json<AdminUserPage>(
        'GET',
        `/admin/users?q=${prefix}p&limit=2&after=${first.nextCursor}`,
        admin.token,
      );
      expect(second.users.map((user) => user.username)).toEqual([`${prefix}pc`, `${prefix}pd`]);
      const third = await api().json<AdminUserPage>(
        'GET',
        `/admin/users?q=${prefix}p&limit=2&after=${second.nextCursor}`,
        admin.token,
      );
      expect(third).toEqual({ users: [expect.objectContaining({ username: `${prefix}pe` })], nextCursor: null });
      const underscore = await api().json<AdminUserPage>('GET', `/admin/users?q=${prefix}w_`, admin.token);
      expect(underscore.users.map((user) => user.username)).toEqual([`${prefix}w_x`]);
      for (const query of ['limit=0', 'limit=101', 'q=%25', 'after=A%20B']) {
        expect((await api().call('GET', `/admin/users?${query}`, admin.token)).status).toBe(400);
      }
    });
  });

  describe('deactivation', () => {
    it('signs the user out everywhere at once, refuses their sign-in as a wrong password, keeps their name and messages', async () => {
      const admin = await serverAdmin();
      const target = await person('d');
      const slug = await publicRoom(admin, target);
      const socket = await openAs(slug, target);
      const messageId = await post(socket, 'still here after');

      expect((await api().call('POST', `/admin/users/${target.name}/deactivate`, admin.token)).status).toBe(204);
      expect((await socket.closed).code).toBe(CloseCode.Unauthorized);
      expect((await api().call('GET', '/me', target.token)).status).toBe(401);
      expect((await api().request('/auth/refresh', { refreshToken: target.refreshToken })).status).toBe(401);
      const refused = await api().request('/auth/login', { username: target.name, password: 'correct horse battery' });
      const wrong = await api().request('/auth/login', { username: target.name, password: 'not the password' });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toEqual(await wrong.json());
      const guest = await ChatClient.open(chat.server.wsUrl, slug, target.name);
      expect((await guest.closed).code).toBe(CloseCode.NameTaken);
      expect((await api().json<{ content: string }>('GET', `/rooms/${slug}/messages/${messageId}`)).content).toBe(
        'still here after',
      );
      const listed = await api().json<AdminUserPage>('GET', `/admin/users?q=${target.name}`, admin.token);
      expect(listed.users[0]).toMatchObject({ username: target.name, deactivated: true });

      expect((await api().call('POST', `/admin/users/${target.name}/reactivate`, admin.token)).status).toBe(204);
      expect((await api().login(target.name)).user.username).toBe(target.name);
      const actions = (await api().json<AuditPage>('GET', '/admin/audit?limit=100', admin.token)).entries
        .filter((entry) => entry.target === target.name)
        .map((entry) => entry.action);
      expect(actions).toEqual(['reactivate', 'deactivate']);
    });

    it('refuses a deactivated account’s token even where its sessions were not revoked', async () => {
      const target = await person('d');
      expect((await api().call('GET', '/me', target.token)).status).toBe(200);
      // The flag alone, as if the revocation that follows it had not run (a crash between the two).
      await chat.server.app
        .get(DataSource)
        .getRepository(UserEntity)
        .update({ username: target.name }, { deactivatedAt: new Date() });
      const deadline = Date.now() + 3_000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        status = (await api().call('GET', '/me', target.token)).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(401);
    });

    it('refuses an admin deactivating themself (409 SELF)', async () => {
      const admin = await serverAdmin();
      const response = await api().call('POST', `/admin/users/${admin.name}/deactivate`, admin.token);
      expect(response.status).toBe(409);
      expect(await codeOf(response)).toBe(ErrorCode.Self);
      expect((await api().call('GET', '/me', admin.token)).status).toBe(200);
    });
  });

  describe('bans', () => {
    it('closes the banned user’s sockets with 4403, removes them, refuses them the room until unbanned', async () => {
      const owner = await person('o');
      const troll = await person('troll');
      const slug = await publicRoom(owner, troll);
      const socket = await openAs(slug, troll);
      const watcher = await openAs(slug, owner);

      const response = await api().call('POST', `/rooms/${slug}/bans`, owner.token, {
        username: troll.name.toUpperCase(),
        reason: 'spam',
        minutes: 60,
      });
      expect(response.status).toBe(201);
      const ban = (await response.json()) as Ban;
      expect(ban).toMatchObject({ username: troll.name, reason: 'spam', by: owner.name });
      expect(Date.parse(ban.until!) - Date.parse(ban.at)).toBe(60 * 60_000);
      expect(await socket.closed).toEqual({ code: CloseCode.RemovedFromRoom, reason: 'banned' });
      await watcher.next('system', (data) => data.kind === 'removed' && data.username === troll.name);
      const members = await api().json<Array<{ username: string }>>('GET', `/rooms/${slug}/members`);
      expect(members.map((member) => member.username)).not.toContain(troll.name);

      const again = await api().open(chat.server.wsUrl, slug, troll.token);
      expect(await again.closed).toEqual({ code: CloseCode.RemovedFromRoom, reason: 'banned' });
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('plain text')]), 'note.txt');
      const upload = await fetch(`${chat.server.httpUrl}/api/rooms/${slug}/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${troll.token}` },
        body: form,
      });
      expect(upload.status).toBe(403);
      expect((await api().json<Ban[]>('GET', `/rooms/${slug}/bans`, owner.token)).map((b) => b.username)).toEqual([
        troll.name,
      ]);

      expect((await api().call('DELETE', `/rooms/${slug}/bans/${troll.name}`, owner.token)).status).toBe(204);
      expect((await api().call('DELETE', `/rooms/${slug}/bans/${troll.name}`, owner.token)).status).toBe(404);
      await openAs(slug, troll);
      expect((await audit(slug, owner)).entries.map((entry) => entry.action)).toEqual(['unban', 'ban']);
    });

    it('refuses to ban the owner (409), oneself (409 SELF), or by a plain member (403); 404 to a private room’s outsider', async () => {
      const owner = await person('o');
      const admin = await person('a');
      const member = await person('m');
      const slug = await publicRoom(owner, admin, member);
      await api().json('PATCH', `/rooms/${slug}/members/${admin.name}`, owner.token, { role: 'admin' });

      const ownerBan = await api().call('POST', `/rooms/${slug}/bans`, admin.token, { username: owner.name });
      expect(ownerBan.status).toBe(409);
      expect(await codeOf(ownerBan)).toBe(ErrorCode.OwnerProtected);
      const selfBan = await api().call('POST', `/rooms/${slug}/bans`, admin.token, { username: admin.name });
      expect(selfBan.status).toBe(409);
      expect(await codeOf(selfBan)).toBe(ErrorCode.Self);
      const byMember = await api().call('POST', `/rooms/${slug}/bans`, member.token, { username: admin.name });
      expect(byMember.status).toBe(403);
      expect(await codeOf(byMember)).toBe(ErrorCode.Forbidden);
      expect((await api().call('GET', `/rooms/${slug}/bans`, member.token)).status).toBe(403);
      expect(
        (await api().call('POST', `/rooms/${slug}/bans`, owner.token, { username: 'no-such-user-zz' })).status,
      ).toBe(404);
      for (const body of [{}, { username: member.name, minutes: 0 }, { username: member.name, reason: ' ' }]) {
        expect((await api().call('POST', `/rooms/${slug}/bans`, owner.token, body)).status).toBe(400);
      }

      const hidden = await privateRoom(owner, member);
      const outsider = await person('x');
      expect(
        (await api().call('POST', `/rooms/${hidden}/bans`, outsider.token, { username: member.name })).status,
      ).toBe(404);
      expect((await api().call('GET', `/rooms/${hidden}/audit`, outsider.token)).status).toBe(404);
      expect((await api().call('GET', `/rooms/${hidden}/bans`)).status).toBe(401);
      expect((await audit(slug, owner)).entries.filter((entry) => entry.action === 'ban')).toEqual([]);
    });

    it('keeps a banned user out of a private room: not visible, and not added back while banned', async () => {
      const owner = await person('o');
      const member = await person('m');
      const slug = await privateRoom(owner, member);
      await api().json('POST', `/rooms/${slug}/bans`, owner.token, { username: member.name });
      expect((await api().call('GET', `/rooms/${slug}/messages`, member.token)).status).toBe(404);
      const addBack = await api().call('POST', `/rooms/${slug}/members`, owner.token, { username: member.name });
      expect(addBack.status).toBe(409);
      expect(await codeOf(addBack)).toBe(ErrorCode.Banned);
      await api().call('DELETE', `/rooms/${slug}/bans/${member.name}`, owner.token);
      expect((await api().call('POST', `/rooms/${slug}/members`, owner.token, { username: member.name })).status).toBe(
        201,
      );
    });

    it('lets a server admin ban in a room they are not a member of', async () => {
      const admin = await serverAdmin();
      const owner = await person('o');
      const member = await person('m');
      const slug = await privateRoom(owner, member);
      expect((await api().call('POST', `/rooms/${slug}/bans`, admin.token, { username: member.name })).status).toBe(
        201,
      );
      const entries = (await audit(slug, owner)).entries;
      expect(entries).toEqual([
        expect.objectContaining({
          actor: admin.name,
          action: 'ban',
          target: member.name,
          room: expect.objectContaining({ slug }),
        }),
      ]);
    });
  });

  describe('mutes', () => {
    it('refuses a muted member’s message, edit, react and typing with MUTED until lifted; they still read', async () => {
      const owner = await person('o');
      const loud = await person('loud');
      const slug = await publicRoom(owner, loud);
      const socket = await openAs(slug, loud);
      const ownerSocket = await openAs(slug, owner);
      const earlier = await post(socket, 'before the mute');

      const muted = await api().json<Mute>('POST', `/rooms/${slug}/mutes`, owner.token, {
        username: loud.name,
        minutes: 10,
      });
      expect(muted).toMatchObject({ username: loud.name, by: owner.name });
      expect((await socket.next('muted')).until).toBe(muted.until);

      const frames = [
        { event: 'message', data: { content: 'muted?', clientId: 'm1' } },
        { event: 'edit', data: { id: earlier, content: 'changed', clientId: 'e1' } },
        { event: 'react', data: { id: earlier, emoji: '👍', on: true, clientId: 'r1' } },
      ];
      for (const frame of frames) {
        socket.sendRaw(JSON.stringify(frame));
        const { error } = await socket.answerTo(frame.data.clientId);
        expect(error).toMatchObject({ code: ErrorCode.Muted });
        expect(error!.retryAfterMs).toBeGreaterThan(9 * 60_000);
        expect(error!.retryAfterMs).toBeLessThanOrEqual(10 * 60_000);
      }
      socket.sendRaw(JSON.stringify({ event: 'typing', data: { typing: true } }));
      expect((await socket.next('error')).code).toBe(ErrorCode.Muted);
      const said = await post(ownerSocket, 'they still read this');
      await socket.next('message', (message) => message.id === said);
      const history = await api().json<{ messages: Array<{ content: string }> }>('GET', `/rooms/${slug}/messages`);
      expect(history.messages.map((message) => message.content)).toEqual(['before the mute', 'they still read this']);

      const late = await openAs(slug, loud);
      expect(late.all('muted')).toEqual([{ until: muted.until }]);
      expect((await api().json<Mute[]>('GET', `/rooms/${slug}/mutes`, owner.token)).map((m) => m.username)).toEqual([
        loud.name,
      ]);
      expect((await api().call('DELETE', `/rooms/${slug}/mutes/${loud.name}`, owner.token)).status).toBe(204);
      expect(await socket.next('muted')).toEqual({ until: null });
      await post(socket, 'back');
      expect((await audit(slug, owner)).entries.map((entry) => entry.action)).toEqual(['unmute', 'mute']);
    });

    it('lifts a mute by the rule that placed it: a muted room admin cannot lift their own, nor another admin’s', async () => {
      const owner = await person('o');
      const first = await person('a1');
      const second = await person('a2');
      const slug = await publicRoom(owner, first, second);
      for (const admin of [first, second]) {
        await api().json('PATCH', `/rooms/${slug}/members/${admin.name}`, owner.token, { role: 'admin' });
      }
      await api().json('POST', `/rooms/${slug}/mutes`, owner.token, { username: first.name, minutes: 10 });
      const own = await api().call('DELETE', `/rooms/${slug}/mutes/${first.name}`, first.token);
      expect(own.status).toBe(409);
      expect(await codeOf(own)).toBe(ErrorCode.Self);
      expect((await api().call('DELETE', `/rooms/${slug}/mutes/${first.name}`, second.token)).status).toBe(403);
      expect((await api().json<Mute[]>('GET', `/rooms/${slug}/mutes`, owner.token)).map((m) => m.username)).toEqual([
        first.name,
      ]);
      expect((await api().call('DELETE', `/rooms/${slug}/mutes/${first.name}`, owner.token)).status).toBe(204);
    });

    it('takes 1 to 43,200 minutes, and refuses to mute the owner', async () => {
      const owner = await person('o');
      const member = await person('m');
      const slug = await publicRoom(owner, member);
      for (const minutes of [0, 43_201, 1.5, '5', undefined]) {
        const response = await api().call('POST', `/rooms/${slug}/mutes`, owner.token, {
          username: member.name,
          minutes,
        });
        expect(response.status).toBe(400);
        expect(await codeOf(response)).toBe(ErrorCode.InvalidData);
      }
      expect(
        (await api().call('POST', `/rooms/${slug}/mutes`, owner.token, { username: member.name, minutes: 43_200 }))
          .status,
      ).toBe(201);
      const admin = await serverAdmin();
      const ownerMute = await api().call('POST', `/rooms/${slug}/mutes`, admin.token, {
        username: owner.name,
        minutes: 5,
      });
      expect(ownerMute.status).toBe(409);
    });
  });

  describe('guests', () => {
    it('turns guests away from a public room: new upgrades and those already in get 4401', async () => {
      const owner = await person('o');
      const slug = await publicRoom(owner);
      expect((await api().json<RoomSummary>('GET', `/rooms/${slug}`)).guests).toBe(true);
      const guest = await chat.join(slug, `Guest${randomBytes(3).toString('hex')}`);
      const member = await openAs(slug, owner);

      const summary = await api().json<RoomSummary>('PATCH', `/rooms/${slug}`, owner.token, { guests: false });
      expect(summary).toMatchObject({ slug, guests: false });
      expect((await guest.closed).code).toBe(CloseCode.Unauthorized);
      const late = await chat.open(slug, 'LateGuest');
      expect((await late.closed).code).toBe(CloseCode.Unauthorized);
      await post(member, 'members stay');
      await api().json('PATCH', `/rooms/${slug}`, owner.token, { guests: false });
      await api().json('PATCH', `/rooms/${slug}`, owner.token, { guests: true });
      await chat.join(slug, 'WelcomeBack');
      expect((await audit(slug, owner)).entries.map((entry) => [entry.action, entry.details])).toEqual([
        ['guests_change', { guests: true }],
        ['guests_change', { guests: false }],
      ]);
    });

    it('is false for private rooms, which cannot take guests', async () => {
      const owner = await person('o');
      const slug = await privateRoom(owner);
      expect((await api().json<RoomSummary>('GET', `/rooms/${slug}`, owner.token)).guests).toBe(false);
      expect((await api().call('PATCH', `/rooms/${slug}`, owner.token, { guests: true })).status).toBe(403);
      const member = await person('m');
      const open = await publicRoom(owner, member);
      expect((await api().call('PATCH', `/rooms/${open}`, member.token, { guests: false })).status).toBe(403);
      expect((await api().call('PATCH', `/rooms/${open}`, owner.token, { guests: 'no' })).status).toBe(400);
    });
  });

  describe('reports', () => {
    it('files one report per person and message, shows it to the room’s managers and admins, resolves it once', async () => {
      const admin = await serverAdmin();
      const owner = await person('o');
      const author = await person('a');
      const reader = await person('r');
      const slug = await publicRoom(owner, author, reader);
      const messageId = await post(await openAs(slug, author), 'something rude');

      const first = await api().call('POST', `/rooms/${slug}/messages/${messageId}/report`, reader.token, {
        reason: 'rude',
      });
      expect(first.status).toBe(201);
      const receipt = (await first.json()) as ReportReceipt;
      expect(receipt).toEqual({ id: expect.any(String), status: 'open' });
      const second = await api().call('POST', `/rooms/${slug}/messages/${messageId}/report`, reader.token, {
        reason: 'still rude',
      });
      expect(second.status).toBe(200);
      expect(await second.json()).toEqual(receipt);
      expect(
        (await api().call('POST', `/rooms/${slug}/messages/${messageId}/report`, undefined, { reason: 'x' })).status,
      ).toBe(401);
      for (const reason of ['', '   ', 'x'.repeat(501)]) {
        expect(
          (await api().call('POST', `/rooms/${slug}/messages/${messageId}/report`, reader.token, { reason })).status,
        ).toBe(400);
      }
      expect(
        (await api().call('POST', `/rooms/${slug}/messages/nope/report`, reader.token, { reason: 'x' })).status,
      ).toBe(404);

      const roomQueue = await api().json<ReportPage>('GET', `/rooms/${slug}/reports?status=open`, owner.token);
      expect(roomQueue.reports).toEqual([
        expect.objectContaining({
          id: receipt.id,
          room: expect.objectContaining({ slug }),
          reporter: reader.name,
          reason: 'rude',
          status: 'open',
          message: expect.objectContaining({ id: messageId, content: 'something rude' }),
        }),
      ]);
      expect((await api().call('GET', `/rooms/${slug}/reports`, reader.token)).status).toBe(403);
      const everyRoom = await api().json<ReportPage>('GET', '/admin/reports?status=open&limit=100', admin.token);
      expect(everyRoom.reports.map((report) => report.id)).toContain(receipt.id);

      const resolved = await api().json<{ status: string; resolvedBy: string }>(
        'PATCH',
        `/rooms/${slug}/reports/${receipt.id}`,
        owner.token,
        { status: 'resolved' },
      );
      expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: owner.name });
      await api().json('PATCH', `/admin/reports/${receipt.id}`, admin.token, { status: 'resolved' });
      expect((await api().call('PATCH', `/admin/reports/${receipt.id}`, admin.token, { status: 'open' })).status).toBe(
        400,
      );
      expect((await api().json<ReportPage>('GET', `/rooms/${slug}/reports?status=open`, owner.token)).reports).toEqual(
        [],
      );
      const resolvals = (await audit(slug, owner)).entries.filter((entry) => entry.action === 'report_resolve');
      expect(resolvals).toEqual([expect.objectContaining({ actor: owner.name, target: receipt.id })]);
      const elsewhere = await publicRoom(owner);
      expect(
        (await api().call('PATCH', `/rooms/${elsewhere}/reports/${receipt.id}`, owner.token, { status: 'resolved' }))
          .status,
      ).toBe(404);
    });

    it('keeps the report of a message deleted since, with its tombstone; the audit log keeps no text', async () => {
      const admin = await serverAdmin();
      const owner = await person('o');
      const author = await person('a');
      const slug = await privateRoom(owner, author);
      const messageId = await post(await openAs(slug, author), 'secret words here');
      const receipt = await api().json<ReportReceipt>(
        'POST',
        `/rooms/${slug}/messages/${messageId}/report`,
        owner.token,
        {
          reason: 'leak',
        },
      );
      const outsider = await person('x');
      expect(
        (await api().call('POST', `/rooms/${slug}/messages/${messageId}/report`, outsider.token, { reason: 'x' }))
          .status,
      ).toBe(404);
      expect((await api().call('DELETE', `/rooms/${slug}/messages/${messageId}`, outsider.token)).status).toBe(404);

      expect((await api().call('DELETE', `/rooms/${slug}/messages/${messageId}`, admin.token)).status).toBe(204);
      const queue = await api().json<ReportPage>('GET', '/admin/reports?limit=100', admin.token);
      const report = queue.reports.find((entry) => entry.id === receipt.id)!;
      expect(report.message).toMatchObject({ id: messageId, deleted: true, content: '' });
      const entries = (await audit(slug, owner)).entries;
      expect(entries).toEqual([
        expect.objectContaining({
          actor: admin.name,
          action: 'message_delete',
          target: messageId,
          details: expect.objectContaining({ sender: author.name }),
        }),
      ]);
      expect(JSON.stringify(entries)).not.toContain('secret');
      expect((await api().call('DELETE', `/rooms/${slug}/messages/${messageId}`, admin.token)).status).toBe(404);
    });
  });

  describe('audit log', () => {
    it('records member removals, role changes and handovers once each, newest first, in pages; never deletes by API', async () => {
      const owner = await person('o');
      const a = await person('a');
      const b = await person('b');
      const slug = await privateRoom(owner, a, b);
      await api().json('PATCH', `/rooms/${slug}/members/${a.name}`, owner.token, { role: 'admin' });
      await api().call('DELETE', `/rooms/${slug}/members/${b.name}`, a.token);
      await api().json('PATCH', `/rooms/${slug}/members/${a.name}`, owner.token, { role: 'owner' });
      await api().call('DELETE', `/rooms/${slug}/members/${owner.name}`, owner.token);

      const page = await api().json<AuditPage>('GET', `/rooms/${slug}/audit?limit=2`, a.token);
      expect(page.entries.map((entry) => [entry.action, entry.actor, entry.target])).toEqual([
        ['owner_handover', owner.name, a.name],
        ['member_remove', a.name, b.name],
      ]);
      const rest = await api().json<AuditPage>('GET', `/rooms/${slug}/audit?limit=2&after=${page.nextCursor}`, a.token);
      expect(rest.entries.map((entry) => entry.action)).toEqual(['role_change']);
      expect(rest.nextCursor).toBeNull();
      expect((await api().call('DELETE', `/rooms/${slug}/audit`, a.token)).status).toBe(404);
      expect((await api().call('GET', `/rooms/${slug}/audit?after=x`, a.token)).status).toBe(400);
    });
  });
});
