import { CloseCode, ErrorCode, type AckData, type ErrorData } from '@parley/contracts';
import { startApiProcess } from '../support/api-process.js';
import { ChatClient, sleep, waitFor } from '../support/chat-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, storedMessages, uniqueRoom, type TestApp } from '../support/test-app.js';

/** The pass's database URL, reached through the proxy. */
function throughProxy(proxy: TcpProxy): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.host = `127.0.0.1:${proxy.port}`;
  return url.toString();
}

/** MySQL only: the database sits behind a TCP proxy the test cuts, hangs and restores mid-stream. */
describe('database outage', () => {
  let proxy: TcpProxy;
  let server: TestApp;
  let direct: TestApp;

  beforeAll(async () => {
    const url = new URL(process.env.DATABASE_URL!);
    proxy = await TcpProxy.start(url.hostname, Number(url.port || 3306));
    server = await startTestApp({ DATABASE_URL: throughProxy(proxy), WS_RATE_BURST: '0', DATABASE_TIMEOUT_MS: '1000' });
    direct = await startTestApp();
  });

  afterAll(async () => {
    await server.close();
    await direct.close();
    await proxy.close();
  });

  it('fails sends clearly without acking, keeps the room alive, and recovers by itself when the database returns', async () => {
    const room = uniqueRoom('outage');
    const ali = await ChatClient.join(server.wsUrl, room, 'Ali');
    const bea = await ChatClient.join(server.wsUrl, room, 'Bea');
    const outcomes = new Map<string, 'acked' | 'failed'>();
    const settle = (clientId: string) => (outcomes.has(clientId) ? true : false);
    ali.socket.on('message', (raw) => {
      const frame = JSON.parse(raw.toString()) as { event: string; data: AckData | ErrorData };
      if (frame.event === 'ack') outcomes.set((frame.data as AckData).clientId, 'acked');
      if (frame.event === 'error' && (frame.data as ErrorData).code === ErrorCode.StoreFailed) {
        outcomes.set((frame.data as ErrorData).clientId!, 'failed');
      }
    });

    for (let i = 0; i < 20; i++) ali.send(`before ${i}`, `before-${i}`);
    await waitFor(() => [...Array(20).keys()].every((i) => outcomes.get(`before-${i}`) === 'acked'));

    await proxy.cut();
    for (let i = 0; i < 10; i++) ali.send(`during ${i}`, `during-${i}`);
    await waitFor(() => [...Array(10).keys()].every((i) => settle(`during-${i}`)), 15_000, 'every send to settle');
    expect([...Array(10).keys()].map((i) => outcomes.get(`during-${i}`))).toEqual(Array(10).fill('failed'));
    expect(ali.all('error').find((e) => e.clientId === 'during-0')).toMatchObject({
      code: ErrorCode.StoreFailed,
      message: expect.stringContaining('could not be stored'),
    });
    expect((await fetch(`${server.httpUrl}/api/health`)).status).toBe(503);

    await bea.close();
    expect(await ali.next('system', (notice) => notice.kind === 'leave')).toMatchObject({ username: 'Bea' });

    await proxy.restore();
    // The client's outbox resends what failed, with the same clientIds, until the server takes it again.
    const recoveredBy = Date.now() + 20_000;
    while ([...Array(10).keys()].some((i) => outcomes.get(`during-${i}`) !== 'acked')) {
      if (Date.now() > recoveredBy) throw new Error('No recovery within 20 s');
      for (let i = 0; i < 10; i++) if (outcomes.get(`during-${i}`) !== 'acked') ali.send(`during ${i}`, `during-${i}`);
      await sleep(500);
    }

    const stored = await storedMessages(direct, room);
    const acked = [...outcomes].filter(([, outcome]) => outcome === 'acked').map(([clientId]) => clientId);
    expect(stored.map((row) => row.clientId).sort()).toEqual(acked.sort());
    expect(stored.map((row) => row.seq)).toEqual(stored.map((_, i) => i + 1));
    await ali.close();
  });

  it('a database that hangs: sends fail with STORE_FAILED within the timeout, and the writer goes on once it answers', async () => {
    const room = uniqueRoom('hang');
    const ali = await ChatClient.join(server.wsUrl, room, 'Ali');
    ali.send('before the hang', 'h-before');
    await ali.next('ack');

    proxy.hang();
    const hungAt = Date.now();
    for (let i = 0; i < 5; i++) ali.send(`during ${i}`, `h-during-${i}`);
    const refusals = await Promise.all(
      [...Array(5).keys()].map((i) => ali.next('error', (error) => error.clientId === `h-during-${i}`, 10_000)),
    );
    expect(refusals.map((error) => error.code)).toEqual(Array(5).fill(ErrorCode.StoreFailed));
    expect(Date.now() - hungAt).toBeLessThan(5_000);

    await proxy.restore();
    for (let i = 0; i < 5; i++) ali.send(`during ${i}`, `h-during-${i}`);
    ali.send('after the hang', 'h-after');
    await ali.next('ack', (ack) => ack.clientId === 'h-after', 10_000);
    const stored = await storedMessages(direct, room);
    expect(stored.map((row) => row.clientId)).toEqual([
      'h-before',
      ...[...Array(5).keys()].map((i) => `h-during-${i}`),
      'h-after',
    ]);
    await ali.close();
  });
});

describe('shutdown while the database hangs', () => {
  it('stops within its deadline: the pending send is answered, clients see 1001, the process exits', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    const proxy = await TcpProxy.start(url.hostname, Number(url.port || 3306));
    try {
      // The database timeout is far away: only the shutdown deadline can end the wait.
      const api = await startApiProcess({
        DATABASE_URL: throughProxy(proxy),
        DATABASE_TIMEOUT_MS: '60000',
        SHUTDOWN_TIMEOUT_MS: '1500',
      });
      const ali = await ChatClient.join(api.wsUrl, uniqueRoom('hang-stop'), 'Ali');
      proxy.hang();
      ali.send('never stored', 'stuck');
      await sleep(200);
      const stoppingAt = Date.now();
      api.child.kill('SIGTERM');
      expect((await ali.closed).code).toBe(CloseCode.GoingAway);
      expect(ali.all('ack')).toEqual([]);
      expect(ali.all('error')).toEqual([expect.objectContaining({ code: ErrorCode.ShuttingDown, clientId: 'stuck' })]);
      expect(await api.exited).not.toBeNull();
      expect(Date.now() - stoppingAt).toBeLessThan(10_000);
    } finally {
      await proxy.close();
    }
  });
});
