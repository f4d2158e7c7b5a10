import { CloseCode } from '@parley/contracts';
import { mkdtempSync, rmSync } from 'node:fs';
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
});
