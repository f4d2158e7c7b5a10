import type { ChatMessage, MessagePage, RoomSummary } from '@parley/contracts';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { ChatClient } from './support/chat-client.js';
import { startTestApp, uniqueRoom, type TestApp } from './support/test-app.js';

describe('REST API', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ WS_RATE_BURST: '0' });
  });

  afterAll(() => server.close());

  const get = (path: string) => fetch(`${server.httpUrl}/api${path}`);
  const post = (path: string, body: unknown) =>
    fetch(`${server.httpUrl}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** Stores `count` messages through a real socket, returning them as broadcast. */
  async function seed(room: string, count: number): Promise<ChatMessage[]> {
    const client = await ChatClient.join(server.wsUrl, room, 'Seeder');
    for (let i = 1; i <= count; i++) client.send(`message ${i}`);
    const seen: ChatMessage[] = [];
    while (seen.length < count) seen.push(await client.next('message'));
    await client.close();
    return seen;
  }

  describe('rooms', () => {
    it('creates a room with 201, lower-casing the slug and defaulting the name', async () => {
      const slug = uniqueRoom('Mixed');
      const response = await post('/rooms', { slug });
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({
        slug: slug.toLowerCase(),
        name: slug.toLowerCase(),
        visibility: 'public',
        guests: true,
        kind: 'room',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        lastMessageAt: null,
      });
    });

    it('refuses a slug that exists, comparing case-insensitively, with 409', async () => {
      const slug = uniqueRoom();
      expect((await post('/rooms', { slug, name: 'First' })).status).toBe(201);
      const response = await post('/rooms', { slug: slug.toUpperCase() });
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ statusCode: 409, message: expect.stringContaining(slug) });
      expect(await (await get(`/rooms/${slug}`)).json()).toMatchObject({ name: 'First' });
    });

    it.each([
      [{}],
      [{ slug: '' }],
      [{ slug: 'has space' }],
      [{ slug: 'x'.repeat(65) }],
      [{ slug: 42 }],
      [{ slug: 'ok-name', name: '   ' }],
      [{ slug: 'ok-name', name: 'n'.repeat(101) }],
      [{ slug: 'ok-name', owner: 'mallory' }],
    ])('refuses %j with 400 and creates nothing', async (body) => {
      const response = await post('/rooms', body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, message: expect.anything() });
      expect((await get('/rooms/ok-name')).status).toBe(404);
    });

    it('refuses a body that is not JSON with 400', async () => {
      const response = await fetch(`${server.httpUrl}/api/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"slug":',
      });
      expect(response.status).toBe(400);
    });

    it('gets a room case-insensitively, 404 for an unknown one, 400 for an invalid name', async () => {
      const slug = uniqueRoom();
      await post('/rooms', { slug, name: 'Named' });
      expect(await (await get(`/rooms/${slug.toUpperCase()}`)).json()).toMatchObject({ slug, name: 'Named' });
      expect((await get(`/rooms/${uniqueRoom()}`)).status).toBe(404);
      expect((await get('/rooms/bad!name')).status).toBe(400);
    });

    it('lists rooms most recently active first, with when the last message was sent', async () => {
      const quiet = uniqueRoom('quiet');
      const busy = uniqueRoom('busy');
      await post('/rooms', { slug: busy });
      await post('/rooms', { slug: quiet });
      const [last] = await seed(busy, 1);
      const rooms = (await (await get('/rooms')).json()) as RoomSummary[];
      const slugs = rooms.map((room) => room.slug);
      expect(slugs.indexOf(busy)).toBeLessThan(slugs.indexOf(quiet));
      expect(rooms.find((room) => room.slug === busy)?.lastMessageAt).toBe(last.createdAt);
      expect(rooms.find((room) => room.slug === quiet)?.lastMessageAt).toBeNull();
      expect(rooms.length).toBeLessThanOrEqual(100);
    });
  });

  describe('message history', () => {
    let room: string;
    let stored: ChatMessage[];

    beforeAll(async () => {
      room = uniqueRoom('history');
      stored = await seed(room, 7);
    });

    const page = async (query: string) => {
      const response = await get(`/rooms/${room}/messages${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as MessagePage;
    };

    it('returns exactly what was broadcast, oldest first', async () => {
      expect(await page('')).toEqual({ messages: stored, hasMore: false });
    });

    it('pages backwards with before and limit', async () => {
      const newest = await page('?limit=3');
      expect(newest.messages.map((m) => m.seq)).toEqual([5, 6, 7]);
      expect(newest.hasMore).toBe(true);
      const older = await page('?before=5&limit=3');
      expect(older.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
      expect(older.hasMore).toBe(true);
      const oldest = await page('?before=2&limit=3');
      expect(oldest).toEqual({ messages: [stored[0]], hasMore: false });
    });

    it('catches up forwards with after, hasMore meaning newer ones remain', async () => {
      const first = await page('?after=2&limit=3');
      expect(first.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
      expect(first.hasMore).toBe(true);
      const rest = await page('?after=5&limit=3');
      expect(rest.messages.map((m) => m.seq)).toEqual([6, 7]);
      expect(rest.hasMore).toBe(false);
      expect(await page('?after=7')).toEqual({ messages: [], hasMore: false });
    });

    it('reads a room from its start with after=0', async () => {
      const fromStart = await page('?after=0&limit=2');
      expect(fromStart.messages.map((m) => m.seq)).toEqual([1, 2]);
      expect(fromStart.hasMore).toBe(true);
    });

    it.each([
      '?limit=0',
      '?limit=101',
      '?limit=abc',
      '?before=0',
      '?before=-1',
      '?after=1.5',
      '?after=-1',
      '?before=3&after=1',
      '?before=',
    ])('refuses %s with 400', async (query) => {
      const response = await get(`/rooms/${room}/messages${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ statusCode: 400, message: expect.anything() });
    });

    it('answers 404 for an unknown room', async () => {
      const response = await get(`/rooms/${uniqueRoom()}/messages`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ statusCode: 404 });
    });
  });

  describe('operations', () => {
    it('reports the database as up on /api/health', async () => {
      const response = await get('/health');
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
    });

    it('exposes Prometheus metrics at /metrics that follow the traffic', async () => {
      const scrape = async () => (await (await fetch(`${server.httpUrl}/metrics`)).text()) as string;
      const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
      const before = await scrape();
      const room = uniqueRoom('metrics');
      const client = await ChatClient.join(server.wsUrl, room, 'Ali');
      client.send('counted', 'm-1');
      await client.next('ack');
      const during = await scrape();
      await client.close();
      expect(value(during, 'parley_messages_stored_total') - value(before, 'parley_messages_stored_total')).toBe(1);
      expect(value(during, 'parley_messages_received_total') - value(before, 'parley_messages_received_total')).toBe(1);
      expect(value(during, 'parley_connections')).toBeGreaterThanOrEqual(1);
      expect(value(during, 'parley_ack_latency_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(during).toContain('parley_commit_batch_size_bucket');
      expect(during).toContain('process_resident_memory_bytes');
    });

    it("keeps an idle connection open longer than nginx keeps its own to it, past Node's 5 s default", async () => {
      const nginx = readFileSync(new URL('../../../deploy/nginx/parley.conf.template', import.meta.url), 'utf8');
      const nginxIdleSeconds = Number(/^\s*keepalive_timeout (\d+)s;/m.exec(nginx)?.[1]);
      expect(nginxIdleSeconds).toBeGreaterThan(0);
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const health = () =>
        new Promise<{ status?: number; keepAlive: string; reusedSocket: boolean }>((resolve, reject) => {
          const sent = request(`${server.httpUrl}/api/health`, { agent }, (response) => {
            response.resume();
            response.on('end', () =>
              resolve({
                status: response.statusCode,
                keepAlive: String(response.headers['keep-alive']),
                reusedSocket: sent.reusedSocket,
              }),
            );
          });
          sent.on('error', reject).end();
        });
      try {
        const first = await health();
        expect(first).toMatchObject({ status: 200, reusedSocket: false });
        const advertisedSeconds = Number(/timeout=(\d+)/.exec(first.keepAlive)?.[1]);
        expect(advertisedSeconds).toBeGreaterThan(nginxIdleSeconds);
        await new Promise((resolve) => setTimeout(resolve, 5_500));
        expect(await health()).toMatchObject({ status: 200, reusedSocket: true });
      } finally {
        agent.destroy();
      }
    });

    it('serves the OpenAPI document of the REST API', async () => {
      const response = await get('/docs-json');
      expect(response.status).toBe(200);
      const document = (await response.json()) as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/api/rooms', '/api/rooms/{slug}', '/api/rooms/{slug}/messages', '/api/health']),
      );
    });
  });
});
