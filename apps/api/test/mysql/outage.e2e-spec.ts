import { ErrorCode, type AckData, type ErrorData } from '@parley/contracts';
import { ChatClient, sleep, waitFor } from '../support/chat-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, storedMessages, uniqueRoom, type TestApp } from '../support/test-app.js';

/** MySQL only: the database sits behind a TCP proxy the test cuts and restores mid-stream. */
describe('database outage', () => {
  let proxy: TcpProxy;
  let server: TestApp;
  let direct: TestApp;

  beforeAll(async () => {
    const url = new URL(process.env.DATABASE_URL!);
    proxy = await TcpProxy.start(url.hostname, Number(url.port || 3306));
    url.host = `127.0.0.1:${proxy.port}`;
    server = await startTestApp({ DATABASE_URL: url.toString(), WS_RATE_BURST: '0' });
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
});
