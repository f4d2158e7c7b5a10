import type { ChatMessage, MessagePage } from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { startStack, type Stack } from '../../../../tools/stack/stack.mjs';
import { freePort } from '../support/api-process.js';
import { ChatClient, sleep, waitFor } from '../support/chat-client.js';
import { uniqueRoom } from '../support/test-app.js';

/** The native stack (`npm run stack`): two API processes on MySQL and Redis behind nginx. */
describe('the stack behind nginx', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      port: await freePort(),
      apiPorts: [await freePort(), await freePort()],
      databaseUrl: process.env.DATABASE_URL!,
      env: { REDIS_PREFIX: `parley-stack-${randomBytes(4).toString('hex')}:`, WS_RATE_BURST: '0' },
    });
  }, 60_000);

  afterAll(() => stack.stop());

  it('serves the web app and the API at one URL', async () => {
    expect(await (await fetch(`${stack.url}/chat/some-room`)).text()).toContain('<div id="app">');
    expect((await fetch(`${stack.url}/api/health`)).status).toBe(200);
  });

  it('SIGKILL of one instance: its clients reconnect through nginx to the other and resume with no gap or duplicate', async () => {
    const room = uniqueRoom('failover');
    const wsUrl = stack.url.replace('http', 'ws');
    // nginx balances round-robin, but sets an instance aside for a while after a failed attempt (on a busy host, one
    // made before that instance listened): people join until each instance holds some of them.
    const names: string[] = [];
    const clients: ChatClient[] = [];
    const held = () => Promise.all(stack.instances.map((instance) => connectionsOn(instance.port)));
    while (clients.length < 4 || (await held()).includes(0)) {
      if (clients.length >= 40) throw new Error(`nginx kept every socket on one instance: ${await held()}`);
      names.push(`P${clients.length}`);
      clients.push(await ChatClient.join(wsUrl, room, names.at(-1)!));
      if (clients.length >= 4) await sleep(250);
    }
    const received: ChatMessage[][] = names.map(() => []);
    const record = (index: number, client: ChatClient) =>
      client.socket.on('message', (raw) => {
        const frame = JSON.parse(raw.toString());
        if (frame.event === 'message') received[index].push(frame.data);
      });
    clients.forEach((client, i) => record(i, client));
    clients[0].send('before 1');
    clients[1].send('before 2');
    await waitFor(() => received.every((messages) => messages.length === 2));

    stack.instances[0].child.kill('SIGKILL');
    const outcomes = await Promise.race([
      Promise.all(clients.map((client) => client.closed)),
      new Promise((resolve) => setTimeout(resolve, 1500, 'some stayed')),
    ]);
    expect(outcomes).toBe('some stayed');
    const cut = clients.map((client, i) => [client, i] as const).filter(([client]) => client.socket.readyState !== 1);
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.length).toBeLessThan(clients.length);

    const survivor = clients.find((client) => client.socket.readyState === 1)!;
    survivor.send('while they reconnect');
    for (const [, index] of cut) {
      const seen = received[index];
      const resumed = await ChatClient.open(wsUrl, room, names[index], { since: seen.at(-1)!.seq });
      const history = (await resumed.next('history')) as MessagePage;
      seen.push(...history.messages);
      record(index, resumed);
      clients[index] = resumed;
    }
    survivor.send('after they are back');
    await waitFor(
      () => [...received.values()].every((messages) => messages.length === 4),
      10_000,
      'everyone to have 4',
    );
    for (const messages of received.values()) expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    await Promise.all(clients.map((client) => client.close()));
  });
});

/** The sockets in a room on the instance listening on `port`, from its /metrics. */
async function connectionsOn(port: number): Promise<number> {
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^parley_connections (\d+)/m.exec(metrics)?.[1] ?? 0);
}
