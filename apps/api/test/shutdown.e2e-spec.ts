import { CloseCode } from '@parley/contracts';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiProcess } from './support/api-process.js';
import { WebSocket } from 'ws';
import { ChatClient, sleep, waitFor } from './support/chat-client.js';
import { startTestApp, storedMessages, uniqueRoom } from './support/test-app.js';

describe('graceful shutdown', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'parley-shutdown-'));
  // The SQLite pass gives the process a file of its own; the MySQL pass shares the pass's database.
  const databaseUrl =
    process.env.E2E_DATABASE === 'mysql' ? process.env.DATABASE_URL! : `sqlite:${join(scratch, 'parley.sqlite')}`;

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('on SIGTERM during a burst: every acked message is stored, clients see 1001, the process exits 0', async () => {
    // Three writers at about 1,000 messages/s each, sending until the server closes them.
    const api = await startApiProcess({ DATABASE_URL: databaseUrl, WS_RATE_BURST: '0' });
    const room = uniqueRoom('sigterm');
    const writers = await Promise.all(['A', 'B', 'C'].map((name) => ChatClient.join(api.wsUrl, room, name)));
    let sent = 0;
    const sending = writers.map(async (writer, w) => {
      for (let i = 0; writer.socket.readyState === WebSocket.OPEN; i++) {
        writer.send(`${w}:${i}`, `${w}-${i}`);
        sent++;
        if (i % 5 === 4) await sleep(5);
      }
    });
    await waitFor(() => writers.some((writer) => writer.all('ack').length >= 100), 10_000, 'the burst to be under way');
    // The signal comes with messages on their way that cannot have been answered yet: sent in this same turn.
    writers.forEach((writer, w) => {
      for (let i = 0; i < 20; i++, sent++) writer.send(`${w}:last-${i}`, `${w}-last-${i}`);
    });
    api.child.kill('SIGTERM');

    const closes = await Promise.all(writers.map((writer) => writer.closed));
    await Promise.all(sending);
    expect(closes.map((closed) => closed.code)).toEqual(Array(writers.length).fill(CloseCode.GoingAway));
    expect(await api.exited).toBe(0);

    const acked = writers.flatMap((writer) => writer.all('ack').map((ack) => ack.clientId));
    expect(acked.length).toBeGreaterThan(0);

    const reader = await startTestApp({ DATABASE_URL: databaseUrl });
    try {
      const stored = (await storedMessages(reader, room)).map((row) => row.clientId);
      expect(stored.sort()).toEqual(acked.sort());
    } finally {
      await reader.close();
    }
  }, 60_000);

  it('answers requests while it drains with Connection: close, so a proxy does not reuse the connection', async () => {
    const api = await startApiProcess({ DATABASE_URL: databaseUrl });
    const room = uniqueRoom('drain');
    const [leaving, lingering] = await Promise.all(['A', 'B'].map((name) => ChatClient.join(api.wsUrl, room, name)));
    // B reads nothing more, so its closing handshake keeps the server draining (for up to 2 s) after A's is done.
    lingering.socket.pause();
    api.child.kill('SIGTERM');
    expect((await leaving.closed).code).toBe(CloseCode.GoingAway);

    // Asked on a keep-alive connection, as nginx's upstream pool asks.
    const agent = new Agent({ keepAlive: true });
    const response = await new Promise<{ status?: number; connection?: string }>((resolve, reject) =>
      get(`${api.httpUrl}/api/health`, { agent }, (answer) => {
        answer.resume();
        resolve({ status: answer.statusCode, connection: answer.headers.connection });
      }).on('error', reject),
    );
    agent.destroy();
    expect(response).toEqual({ status: 200, connection: 'close' });
    lingering.socket.resume();
    expect(await api.exited).toBe(0);
  }, 30_000);

  it('a request under way when the server stops listening is answered and its connection closed, so the stop ends in time', async () => {
    const api = await startApiProcess({ DATABASE_URL: databaseUrl, SHUTDOWN_TIMEOUT_MS: '1000' });
    const port = Number(new URL(api.httpUrl).port);
    const body = JSON.stringify({ slug: uniqueRoom('late') });
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const closed = once(socket, 'close');
    // The headers and part of the body: the connection is busy, so closing the server leaves it open.
    socket.write(
      `POST /api/rooms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 5)}`,
    );

    api.child.kill('SIGTERM');
    let listening = true;
    while (listening) {
      const probe = connect(port, '127.0.0.1');
      listening = await new Promise<boolean>((resolve) =>
        probe.once('connect', () => resolve(true)).once('error', () => resolve(false)),
      );
      probe.destroy();
      if (listening) await sleep(20);
    }
    socket.write(body.slice(5));

    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    // Past the stop's deadline (SHUTDOWN_TIMEOUT_MS and a 5 s grace) main.js exits 1: the connection, idle for its
    // keep-alive time after the answer, would have kept the server from closing until then.
    expect(await api.exited).toBe(0);
  }, 30_000);
});
