import { ErrorCode } from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { ChatClient } from '../support/chat-client.js';
import { startTestApp, uniqueRoom, type TestApp } from '../support/test-app.js';

/** MySQL only: InnoDB's full-text cost grows with how many messages hold a word; SEARCH_TIMEOUT_MS bounds it. */
describe('search time limit', () => {
  const MESSAGES = 100_000;
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ SEARCH_TIMEOUT_MS: '50', SEARCH_PER_MIN: '0' });
  });

  afterAll(() => server.close());

  const search = (q: string) => fetch(`${server.httpUrl}/api/search?${new URLSearchParams({ q })}`);

  it('stops a search that holds the database past the limit with 503 SEARCH_TIMEOUT, and answers narrower ones', async () => {
    const common = `c${randomBytes(5).toString('hex')}`;
    const rare = `r${randomBytes(5).toString('hex')}`;
    const room = uniqueRoom('busy');
    const ali = await ChatClient.join(server.wsUrl, room, 'Ali');
    await ali.close();
    const [{ id: roomId }] = (await server.dataSource.query('SELECT id FROM rooms WHERE slug = ?', [room])) as Array<{
      id: number;
    }>;
    // A room where one word is in every message, written as Parley indexes them.
    await server.dataSource.query(
      `INSERT INTO message_search (room_id, seq, created_ms, author_key, body)
       SELECT ?, seq, 0, 'ali', CONCAT(?, ' message ', seq, IF(seq = 7, CONCAT(' ', ?), '')) FROM seq_1_to_${MESSAGES}`,
      [roomId, common, rare],
    );

    const slow = await search(`${common} message`);
    expect(slow.status).toBe(503);
    expect(await slow.json()).toMatchObject({
      code: ErrorCode.SearchTimeout,
      message: expect.stringMatching(/too long/),
    });
    const narrow = await search(`${rare} in:${room}`);
    expect(narrow.status).toBe(200);
  });
});
