import { CloseCode, ErrorCode } from '@parley/contracts';
import { SUSTAINED_FLOOD_MS } from '../src/realtime/policy/send-rate-policy.js';
import { ChatClient, sleep, waitFor } from './support/chat-client.js';
import { Accounts, uniqueUsername } from './support/accounts.js';
import { ForwardingProxy } from './support/forwarding-proxy.js';
import { useChatServer } from './support/chat-server.js';
import { storedMessages, uniqueRoom } from './support/test-app.js';

describe('limits, observed from real clients', () => {
  const chat = useChatServer({
    WS_RATE_BURST: '5',
    WS_RATE_PER_SEC: '2',
    WS_MAX_CONN_PER_IP: '3',
    WS_ALLOWED_ORIGINS: 'https://chat.example.com',
  });
  const { join, track } = chat;

  it('refuses messages over the burst with RATE_LIMITED and stores none of them', async () => {
    const room = uniqueRoom('rate');
    const ali = await join(room, 'Ali');
    for (let i = 0; i < 8; i++) ali.send(`m${i}`, `c${i}`);
    await waitFor(() => ali.all('ack').length + ali.all('error').length === 8);
    expect(ali.all('ack').map((ack) => ack.clientId)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(ali.all('error')).toEqual(
      ['c5', 'c6', 'c7'].map((clientId) => ({
        code: ErrorCode.RateLimited,
        message: expect.any(String),
        clientId,
        retryAfterMs: expect.any(Number),
      })),
    );
    expect((await storedMessages(chat.server, room)).map((row) => row.clientId)).toEqual([
      'c0',
      'c1',
      'c2',
      'c3',
      'c4',
    ]);
  });

  it('lets the bucket refill at the configured rate', async () => {
    const ali = await join(uniqueRoom('refill'), 'Ali');
    for (let i = 0; i < 5; i++) ali.send(`burst ${i}`, `b${i}`);
    for (let i = 0; i < 5; i++) await ali.next('ack');
    await sleep(600);
    ali.send('after a pause', 'later');
    expect(await ali.next('ack')).toMatchObject({ clientId: 'later' });
  });

  it('answers every message of a long burst (acks, then RATE_LIMITED with when to retry) and keeps the connection', async () => {
    const room = uniqueRoom('burst');
    const paster = await join(room, 'Paster');
    for (let i = 0; i < 120; i++) paster.send(`line ${i}`, `p${i}`);
    await waitFor(() => paster.all('ack').length + paster.all('error').length === 120);
    expect(paster.all('ack').map((ack) => ack.clientId)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    const refusals = paster.all('error');
    expect(refusals.every((error) => error.code === ErrorCode.RateLimited && error.retryAfterMs! > 0)).toBe(true);
    paster.sendRaw(JSON.stringify({ event: 'ping', data: {} }));
    await paster.next('pong');
    expect(paster.socket.readyState).toBe(paster.socket.OPEN);
  });

  it(
    'closes with 4030 only a client that keeps sending over the limit for the sustained time, after every answer',
    async () => {
      const flooder = await join(uniqueRoom('flood'), 'Flooder');
      let sent = 0;
      const startedAt = Date.now();
      const flood = setInterval(() => {
        for (let i = 0; i < 5; i++) flooder.send(`spam ${sent}`, `f${sent++}`);
      }, 100);
      const closed = await flooder.closed.finally(() => clearInterval(flood));
      expect(closed.code).toBe(CloseCode.RateLimitAbuse);
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(SUSTAINED_FLOOD_MS);
      // The refusal that ended it reached the client before the close did, as did the acks before it.
      expect(flooder.frames.at(-1)).toMatchObject({ event: 'error', data: { code: ErrorCode.RateLimited } });
      expect(flooder.all('ack').length).toBeGreaterThan(5);
    },
    SUSTAINED_FLOOD_MS + 15_000,
  );

  it('refuses the upgrade past the connections allowed per address with HTTP 429, and admits again after one closes', async () => {
    const room = uniqueRoom('conn');
    const three = await Promise.all(['A', 'B', 'C'].map((name) => join(room, name)));
    await expect(ChatClient.open(chat.server.wsUrl, room, 'D')).rejects.toThrow('HTTP 429');
    await three[0].close();
    // The server frees the slot when it sees the connection close, a moment after the client does.
    const closedAt = Date.now();
    while ((await ChatClient.open(chat.server.wsUrl, room, 'D').then(track, () => null)) === null) {
      if (Date.now() - closedAt > 2_000) throw new Error('Still refused 2 s after a connection closed');
      await sleep(20);
    }
  });

  it.each([
    ['a page on another site', 'https://evil.example', false],
    ['a look-alike of localhost', 'http://localhost.evil.example', false],
    ['a configured origin', 'https://chat.example.com', true],
    ['a local development server', 'http://localhost:5173', true],
  ])('decides an upgrade from %s by its Origin', async (_name, origin, allowed) => {
    const attempt = ChatClient.open(chat.server.wsUrl, uniqueRoom('origin'), 'Ali', { headers: { Origin: origin } });
    if (allowed) {
      const client = await attempt;
      track(client);
      await client.next('history');
    } else {
      await expect(attempt).rejects.toThrow('HTTP 403');
    }
  });

  it('admits a page served by the API itself (same host)', async () => {
    const host = new URL(chat.server.httpUrl).host;
    const client = await ChatClient.open(chat.server.wsUrl, uniqueRoom('same'), 'Ali', {
      headers: { Origin: `http://${host}` },
    });
    track(client);
    await client.next('history');
  });
});

describe('per-address limits behind a trusted proxy', () => {
  const chat = useChatServer({ TRUST_PROXY: 'true', WS_MAX_CONN_PER_IP: '100' });
  let proxy: ForwardingProxy;

  beforeAll(async () => {
    proxy = await ForwardingProxy.start(Number(new URL(chat.server.httpUrl).port));
  });

  afterAll(() => proxy.close());

  it('counts the address the proxy appended, so 150 upgrades with forged X-Forwarded-For are capped at the limit', async () => {
    const room = uniqueRoom('forged');
    const attempts = await Promise.allSettled(
      Array.from({ length: 150 }, (_, i) =>
        ChatClient.open(proxy.wsUrl, room, `Forger ${i}`, { headers: { 'X-Forwarded-For': `198.51.100.${i}` } }),
      ),
    );
    const opened = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [chat.track(attempt.value)] : []));
    const refused = attempts.flatMap((attempt) => (attempt.status === 'rejected' ? [String(attempt.reason)] : []));
    expect(opened).toHaveLength(100);
    expect(refused).toHaveLength(50);
    expect(refused.every((reason) => reason.includes('HTTP 429'))).toBe(true);
  });
});

describe('room creation and REST writes, limited per address', () => {
  const chat = useChatServer({ ROOM_CREATE_PER_MIN: '3', REST_WRITES_PER_MIN: '6' });
  const post = (path: string, body: unknown) =>
    fetch(`${chat.server.httpUrl}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a new room past the limit with HTTP 429 and Retry-After, at the upgrade and on POST, and nothing else', async () => {
    const existing = uniqueRoom('kept');
    expect((await post('/rooms', { slug: existing })).status).toBe(201);
    await chat.join(uniqueRoom('new'), 'Ali');
    await chat.join(uniqueRoom('new'), 'Ali');

    const refusedUpgrade = await ChatClient.refusal(chat.server.wsUrl, uniqueRoom('one-too-many'), 'Ali');
    expect(refusedUpgrade.status).toBe(429);
    expect(Number(refusedUpgrade.headers['retry-after'])).toBeGreaterThan(0);
    const refusedPost = await post('/rooms', { slug: uniqueRoom('one-too-many') });
    expect(refusedPost.status).toBe(429);
    expect(Number(refusedPost.headers.get('retry-after'))).toBeGreaterThan(0);

    // Rooms that exist still open, and the refused ones were not created.
    await chat.join(existing, 'Bea');
    const rooms = (await (await fetch(`${chat.server.httpUrl}/api/rooms`)).json()) as Array<{ slug: string }>;
    expect(rooms.filter((room) => room.slug.startsWith('one-too-many'))).toEqual([]);
  });

  it('refuses REST writes past the limit with HTTP 429 and Retry-After, and keeps serving reads', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post('/rooms', { slug: '' })).status);
    expect(statuses.every((status) => status === 400 || status === 429)).toBe(true);
    const refused = await post('/rooms', { slug: uniqueRoom('late') });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await fetch(`${chat.server.httpUrl}/api/rooms`)).status).toBe(200);
  });
});

describe('session upkeep and the REST write limit', () => {
  const chat = useChatServer({ REST_WRITES_PER_MIN: '1' });

  it('does not count socket tickets and refreshes as writes, so reconnecting tabs are never refused', async () => {
    const accounts = new Accounts(chat.server.httpUrl);
    const auth = await accounts.register(uniqueUsername());
    for (let i = 0; i < 5; i++) await accounts.ticket(auth.accessToken);
    expect((await accounts.request('/auth/refresh', { refreshToken: auth.refreshToken })).status).toBe(200);
    expect(
      (await accounts.request('/auth/register', { username: uniqueUsername(), password: 'long enough' })).status,
    ).toBe(429);
  });
});
