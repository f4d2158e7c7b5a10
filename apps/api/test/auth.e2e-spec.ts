import { CloseCode, type AuthResult, type ChatMessage, type MessagePage, type TokenPair } from '@parley/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefreshTokenEntity } from '../src/auth/refresh-token.entity.js';
import { Accounts, uniqueUsername } from './support/accounts.js';
import { startApiProcess } from './support/api-process.js';
import { ChatClient, sleep } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { startTestApp, storedMessages, uniqueRoom, type TestApp } from './support/test-app.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('accounts', () => {
  const chat = useChatServer({ AUTH_TICKET_TTL: '1' });
  const accounts = () => new Accounts(chat.server.httpUrl);

  // The first account of a database is its admin (see moderation): when this suite runs first, that is not its people.
  beforeAll(() => accounts().register(uniqueUsername('first')));

  /** Opens a room as the signed-in user and waits for the joining sequence. */
  async function joinAs(auth: AuthResult | TokenPair, room: string): Promise<ChatClient> {
    const client = chat.track(await accounts().open(chat.server.wsUrl, room, auth.accessToken));
    await client.next('history');
    return client;
  }

  const me = (accessToken: string) => accounts().request('/me', undefined, accessToken);
  const refresh = (refreshToken: string) => accounts().request('/auth/refresh', { refreshToken });

  describe('register and sign in', () => {
    it('registers a name, lower-cased, and answers the user with a token pair', async () => {
      const name = uniqueUsername('Ali');
      const result = await accounts().register(name.toUpperCase());
      expect(result).toEqual({
        user: { id: expect.stringMatching(UUID_V7), username: name.toLowerCase(), guest: false, admin: false },
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
      });
      expect(await (await me(result.accessToken)).json()).toEqual(result.user);
    });

    it('refuses a taken name with 409, comparing case-insensitively', async () => {
      const name = uniqueUsername();
      await accounts().register(name);
      expect(
        (await accounts().request('/auth/register', { username: name.toUpperCase(), password: 'another one!' })).status,
      ).toBe(409);
    });

    it.each([
      { username: 'a', password: 'long enough' },
      { username: 'x'.repeat(33), password: 'long enough' },
      { username: '-starts-with-dash', password: 'long enough' },
      { username: 'has space', password: 'long enough' },
      { username: 'émile', password: 'long enough' },
      { username: 'fine-name', password: 'short' },
      { username: 'fine-name', password: '          ' },
      { username: 'fine-name', password: 'x'.repeat(257) },
      { username: 'fine-name' },
      { username: 'fine-name', password: 'long enough', extra: true },
    ])('refuses %j with 400', async (body) => {
      expect((await accounts().request('/auth/register', body)).status).toBe(400);
    });

    it('signs in with the right password, case-insensitively on the name', async () => {
      const name = uniqueUsername();
      const registered = await accounts().register(name);
      const signedIn = await accounts().login(name.toUpperCase());
      expect(signedIn.user).toEqual(registered.user);
      expect(signedIn.refreshToken).not.toBe(registered.refreshToken);
    });

    it('answers a wrong password and an unknown name with the same 401', async () => {
      const name = uniqueUsername();
      await accounts().register(name);
      const wrong = await accounts().request('/auth/login', { username: name, password: 'not the password' });
      const unknown = await accounts().request('/auth/login', {
        username: uniqueUsername(),
        password: 'anything at all',
      });
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(await wrong.json()).toEqual(await unknown.json());
    });

    it('answers GET /me with 401 without a token, with a bad one, and with a forged signature', async () => {
      const { accessToken } = await accounts().register(uniqueUsername());
      const [header, payload] = accessToken.split('.');
      for (const token of [undefined, 'nonsense', `${header}.${payload}.forged`]) {
        expect((await me(token as string)).status).toBe(401);
      }
    });
  });

  describe('sessions', () => {
    it('rotates the refresh token: each one works once and returns a new pair', async () => {
      const first = await accounts().register(uniqueUsername());
      const response = await refresh(first.refreshToken);
      expect(response.status).toBe(200);
      const second = (await response.json()) as TokenPair;
      expect(second).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await me(second.accessToken)).status).toBe(200);
    });

    it('revokes the whole session when a spent refresh token is presented again', async () => {
      const first = await accounts().register(uniqueUsername());
      const second = (await (await refresh(first.refreshToken)).json()) as TokenPair;
      const socket = await joinAs(second, uniqueRoom('stolen'));
      expect((await refresh(first.refreshToken)).status).toBe(401);
      expect((await socket.closed).code).toBe(CloseCode.Unauthorized);
      expect((await me(second.accessToken)).status).toBe(401);
      expect((await refresh(second.refreshToken)).status).toBe(401);
    });

    it('keeps no row per spent refresh token, and takes any older token of the session for a replay', async () => {
      const first = await accounts().register(uniqueUsername());
      const tokens = [first.refreshToken];
      for (let i = 0; i < 5; i++) {
        const pair = (await (await refresh(tokens.at(-1)!)).json()) as TokenPair;
        tokens.push(pair.refreshToken);
      }
      const [{ n }] = (await chat.server.dataSource.query('SELECT COUNT(*) AS n FROM refresh_tokens')) as Array<{
        n: number | string;
      }>;
      expect(Number(n)).toBe(0);
      expect((await refresh(tokens[2])).status).toBe(401);
      expect((await refresh(tokens[5])).status).toBe(401);
    });

    it('takes a refresh token issued before tokens carried their generation once more, and forgets its rows', async () => {
      const auth = await accounts().register(uniqueUsername());
      const legacy = randomBytes(32).toString('base64url');
      const [session] = (await chat.server.dataSource.query('SELECT id FROM sessions WHERE user_id = ?', [
        auth.user.id,
      ])) as Array<{ id: string }>;
      await chat.server.dataSource.getRepository(RefreshTokenEntity).insert({
        tokenHash: createHash('sha256').update(legacy).digest('hex'),
        sessionId: session.id,
        createdAt: new Date(),
        spentAt: null,
      });
      const response = await refresh(legacy);
      expect(response.status).toBe(200);
      const next = (await response.json()) as TokenPair;
      expect(next.refreshToken.startsWith(`${session.id}.`)).toBe(true);
      expect(
        await chat.server.dataSource.query('SELECT token_hash FROM refresh_tokens WHERE session_id = ?', [session.id]),
      ).toEqual([]);
      expect((await refresh(next.refreshToken)).status).toBe(200);
    });

    it('accepts the refresh token from the cookie it set, and refuses an unknown token with 401', async () => {
      const response = await accounts().request('/auth/register', {
        username: uniqueUsername(),
        password: 'long enough',
      });
      const cookie = response.headers.get('set-cookie')!;
      expect(cookie).toMatch(
        /^parley_refresh=[^;]+; Max-Age=\d+; Path=\/api\/auth; Expires=.+; HttpOnly; SameSite=Strict$/,
      );
      const viaCookie = await accounts().request('/auth/refresh', {}, undefined, { cookie: cookie.split(';')[0] });
      expect(viaCookie.status).toBe(200);
      expect((await refresh('not-a-token')).status).toBe(401);
    });

    it('signs out: 204, the access and refresh tokens stop working, open sockets close with 4401', async () => {
      const auth = await accounts().register(uniqueUsername());
      const room = uniqueRoom('logout');
      const tabs = [await joinAs(auth, room), await joinAs(auth, room)];
      expect((await accounts().request('/auth/logout', {}, auth.accessToken)).status).toBe(204);
      for (const tab of tabs) expect((await tab.closed).code).toBe(CloseCode.Unauthorized);
      expect((await me(auth.accessToken)).status).toBe(401);
      expect((await refresh(auth.refreshToken)).status).toBe(401);
      expect((await accounts().request('/auth/logout', {}, auth.accessToken)).status).toBe(401);
    });

    it('changes the password: 403 for a wrong current one, 400 for a bad new one, and revokes every other session', async () => {
      const name = uniqueUsername();
      const here = await accounts().register(name);
      const elsewhere = await accounts().login(name);
      const elsewhereSocket = await joinAs(elsewhere, uniqueRoom('pw'));
      const change = (body: object) => accounts().request('/auth/password', body, here.accessToken);
      expect((await change({ currentPassword: 'wrong password', newPassword: 'a new password' })).status).toBe(403);
      expect((await change({ currentPassword: 'correct horse battery', newPassword: 'short' })).status).toBe(400);
      expect((await change({ currentPassword: 'correct horse battery', newPassword: 'a new password' })).status).toBe(
        204,
      );
      expect((await elsewhereSocket.closed).code).toBe(CloseCode.Unauthorized);
      expect((await me(elsewhere.accessToken)).status).toBe(401);
      expect((await me(here.accessToken)).status).toBe(200);
      expect(
        (await accounts().request('/auth/login', { username: name, password: 'correct horse battery' })).status,
      ).toBe(401);
      await accounts().login(name, 'a new password');
    });
  });

  describe('sockets', () => {
    it('opens a room with a ticket: the user is the sender, with their id; a guest’s messages carry null', async () => {
      const auth = await accounts().register(uniqueUsername());
      const room = uniqueRoom('ids');
      const user = await joinAs(auth, room);
      const guest = await chat.join(room, 'Visitor');
      user.sendRaw(
        JSON.stringify({ event: 'message', data: { content: 'as myself', userId: 'spoofed', username: 'x' } }),
      );
      guest.send('as a guest');
      const [mine, theirs] = [await guest.next('message'), await guest.next('message')];
      expect(mine).toMatchObject({ username: auth.user.username, userId: auth.user.id, content: 'as myself' });
      expect(theirs).toMatchObject({ username: 'Visitor', userId: null });
      const page = (await (await fetch(`${chat.server.httpUrl}/api/rooms/${room}/messages`)).json()) as MessagePage;
      expect(page.messages.map((message: ChatMessage) => message.userId)).toEqual([auth.user.id, null]);
      expect((await storedMessages(chat.server, room)).map((row) => row.userId)).toEqual([auth.user.id, null]);
    });

    it('spends a ticket on first use: a second upgrade with it is refused with 401', async () => {
      const auth = await accounts().register(uniqueUsername());
      const ticket = await accounts().ticket(auth.accessToken);
      chat.track(await ChatClient.open(chat.server.wsUrl, uniqueRoom('once'), '', { ticket }));
      await expect(ChatClient.open(chat.server.wsUrl, uniqueRoom('once'), '', { ticket })).rejects.toThrow('HTTP 401');
    });

    it('spends a ticket even when the upgrade fails for another reason', async () => {
      const auth = await accounts().register(uniqueUsername());
      const ticket = await accounts().ticket(auth.accessToken);
      await expect(
        ChatClient.open(chat.server.wsUrl, uniqueRoom('origin'), '', {
          ticket,
          headers: { Origin: 'https://evil.example' },
        }),
      ).rejects.toThrow('HTTP 403');
      await expect(ChatClient.open(chat.server.wsUrl, uniqueRoom('origin'), '', { ticket })).rejects.toThrow(
        'HTTP 401',
      );
    });

    it('refuses an expired ticket and an unknown one with 401', async () => {
      const auth = await accounts().register(uniqueUsername());
      const ticket = await accounts().ticket(auth.accessToken);
      await sleep(1_200);
      await expect(ChatClient.open(chat.server.wsUrl, uniqueRoom('late'), '', { ticket })).rejects.toThrow('HTTP 401');
      await expect(ChatClient.open(chat.server.wsUrl, uniqueRoom('late'), '', { ticket: 'made-up' })).rejects.toThrow(
        'HTTP 401',
      );
    });

    it('counts a user with two tabs as one person: one join, one name in presence', async () => {
      const auth = await accounts().register(uniqueUsername());
      const room = uniqueRoom('tabs');
      const watcher = await chat.join(room, 'Watcher');
      await joinAs(auth, room);
      await joinAs(auth, room);
      await watcher.next('presence', (presence) => presence.users.includes(auth.user.username));
      const joins = watcher.all('system').filter((notice) => notice.username === auth.user.username);
      expect(joins).toHaveLength(1);
      expect(watcher.all('presence').at(-1)!.users.sort()).toEqual([auth.user.username, 'Watcher'].sort());
    });

    it('refuses a guest the name of a registered user (case-insensitively) with 4004', async () => {
      const name = uniqueUsername();
      await accounts().register(name);
      const impostor = await chat.open(uniqueRoom('impostor'), name.toUpperCase());
      const closed = await impostor.closed;
      expect(closed.code).toBe(CloseCode.NameTaken);
      expect(closed.reason).toMatch(/sign in/i);
    });

    it('closes guests holding a name the moment it is registered, with 4004', async () => {
      const name = uniqueUsername();
      const guest = await chat.join(uniqueRoom('squatter'), name);
      await accounts().register(name);
      expect((await guest.closed).code).toBe(CloseCode.NameTaken);
    });

    it('refuses a socket with neither a ticket nor a name as a missing name is refused (4002)', async () => {
      const client = await ChatClient.open(chat.server.wsUrl, uniqueRoom('nobody'), '');
      expect((await client.closed).code).toBe(CloseCode.InvalidUsername);
    });
  });
});

describe('accounts with guests turned off', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ AUTH_GUESTS: 'false' });
  });

  afterAll(() => server.close());

  it('refuses a guest upgrade with 401 and lets a signed-in user in', async () => {
    await expect(ChatClient.open(server.wsUrl, uniqueRoom('members'), 'Guest')).rejects.toThrow('HTTP 401');
    const accounts = new Accounts(server.httpUrl);
    const auth = await accounts.register(uniqueUsername());
    const client = await accounts.open(server.wsUrl, uniqueRoom('members'), auth.accessToken);
    await client.next('history');
    await client.close();
  });
});

describe('socket tickets per session (AUTH_TICKETS_PER_MIN=3)', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ AUTH_TICKETS_PER_MIN: '3' });
  });

  afterAll(() => server.close());

  it('refuses a session past its tickets of the minute with 429 and Retry-After, and no other session', async () => {
    const accounts = new Accounts(server.httpUrl);
    const name = uniqueUsername();
    const { accessToken } = await accounts.register(name);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await accounts.request('/auth/ticket', {}, accessToken)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const refused = await accounts.request('/auth/ticket', {}, accessToken);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const otherSession = await accounts.login(name);
    expect((await accounts.request('/auth/ticket', {}, otherSession.accessToken)).status).toBe(201);
  });
});

describe('sign-in limits', () => {
  let perName: TestApp;
  let perAddress: TestApp;

  beforeAll(async () => {
    perName = await startTestApp({ AUTH_LOGIN_MAX_PER_NAME: '3', AUTH_LOGIN_MAX_PER_ADDRESS: '0' });
    perAddress = await startTestApp({ AUTH_LOGIN_MAX_PER_NAME: '0', AUTH_LOGIN_MAX_PER_ADDRESS: '4' });
  });

  afterAll(async () => {
    await perName.close();
    await perAddress.close();
  });

  const login = (server: TestApp, username: string, password: string) =>
    new Accounts(server.httpUrl).request('/auth/login', { username, password });

  it('refuses a name with 429 and Retry-After after 3 failures from one address, the right password too', async () => {
    const name = uniqueUsername();
    await new Accounts(perName.httpUrl).register(name, 'the right one');
    for (let i = 0; i < 3; i++) expect((await login(perName, name, 'wrong')).status).toBe(401);
    const limited = await login(perName, name, 'the right one');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts an unknown name exactly like a registered one, and a success clears that name’s count', async () => {
    const unknown = uniqueUsername();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(perName, unknown, 'whatever')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);

    const name = uniqueUsername();
    await new Accounts(perName.httpUrl).register(name, 'the right one');
    for (let i = 0; i < 2; i++) await login(perName, name, 'wrong');
    expect((await login(perName, name, 'the right one')).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await login(perName, name, 'wrong')).status).toBe(401);
  });

  it('checks exactly the limit of 40 wrong passwords sent at once, and refuses the rest', async () => {
    const tenPerName = await startTestApp({ AUTH_LOGIN_MAX_PER_NAME: '10', AUTH_LOGIN_MAX_PER_ADDRESS: '0' });
    try {
      const name = uniqueUsername();
      await new Accounts(tenPerName.httpUrl).register(name, 'the right one');
      const statuses = await Promise.all(
        Array.from({ length: 40 }, async () => (await login(tenPerName, name, 'wrong')).status),
      );
      expect(statuses.filter((status) => status === 401)).toHaveLength(10);
      expect(statuses.filter((status) => status === 429)).toHaveLength(30);
    } finally {
      await tenPerName.close();
    }
  });

  it('limits wrong current passwords of a password change as sign-ins for that name, the right one too', async () => {
    const accounts = new Accounts(perName.httpUrl);
    const { accessToken } = await accounts.register(uniqueUsername(), 'the right one');
    const change = (currentPassword: string) =>
      accounts.request('/auth/password', { currentPassword, newPassword: 'a brand new one' }, accessToken);
    const statuses = await Promise.all(Array.from({ length: 6 }, async () => (await change('wrong')).status));
    expect(statuses.sort()).toEqual([403, 403, 403, 429, 429, 429]);
    const limited = await change('the right one');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses every name from an address past its own limit', async () => {
    for (let i = 0; i < 4; i++) expect((await login(perAddress, uniqueUsername(), 'whatever')).status).toBe(401);
    expect((await login(perAddress, uniqueUsername(), 'whatever')).status).toBe(429);
  });
});

describe('secrets and logs', () => {
  it('never writes a password or a token to the log, even at trace level', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'parley-logs-'));
    const api = await startApiProcess({ LOG_LEVEL: 'trace', DATABASE_URL: `sqlite:${scratch}/parley.sqlite` });
    try {
      const accounts = new Accounts(api.httpUrl);
      const password = 'a very distinctive password 8c1f';
      const name = uniqueUsername();
      const registered = await accounts.register(name, password);
      const signedIn = await accounts.login(name, password);
      await accounts.request('/auth/login', { username: name, password: `${password} wrong` });
      await accounts.request('/auth/refresh', { refreshToken: signedIn.refreshToken });
      await accounts.request(
        '/auth/password',
        { currentPassword: password, newPassword: `${password} 2` },
        registered.accessToken,
      );
      const ticket = await accounts.ticket(registered.accessToken);
      await sleep(200);
      const log = api.output();
      expect(log).toContain('/api/auth/login');
      for (const secret of [password, registered.accessToken, registered.refreshToken, signedIn.refreshToken, ticket]) {
        expect(log).not.toContain(secret);
      }
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
