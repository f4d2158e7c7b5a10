import { ErrorCode, type MessagesAround, type RoomSummary, type SearchPage } from '@parley/contracts';
import { randomBytes } from 'node:crypto';
import { SearchIndex } from '../src/search/search-index.js';
import { type MysqlSearchIndex } from '../src/search/mysql-search-index.js';
import { Accounts, uniqueUsername } from './support/accounts.js';
import type { ChatClient } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { uniqueRoom } from './support/test-app.js';

/** A word no other test (or earlier run) uses, so each test finds only what it wrote. */
const uniqueWord = (prefix = 'w') => `${prefix}${randomBytes(5).toString('hex')}`;

describe('search', () => {
  const chat = useChatServer({ WS_RATE_BURST: '0', SEARCH_PER_MIN: '0' });
  const api = () => new Accounts(chat.server.httpUrl);

  async function person(prefix = 'u') {
    const auth = await api().register(uniqueUsername(prefix));
    return { ...auth, name: auth.user.username, token: auth.accessToken };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  const search = (q: string, token?: string, extra: Record<string, string> = {}) =>
    api().call('GET', `/search?${new URLSearchParams({ q, ...extra })}`, token);

  async function found(q: string, token?: string, extra: Record<string, string> = {}): Promise<SearchPage> {
    const response = await search(q, token, extra);
    if (response.status !== 200) throw new Error(`search ${q}: ${response.status} ${await response.text()}`);
    return (await response.json()) as SearchPage;
  }

  const contents = (page: SearchPage) => page.results.map((result) => result.message.content);

  async function openAs(who: Person, slug: string): Promise<ChatClient> {
    const client = chat.track(await api().open(chat.server.wsUrl, slug, who.token));
    await client.next('history');
    return client;
  }

  /** Sends and waits for the ack: the message is found from then on. */
  async function post(client: ChatClient, content: string): Promise<{ id: string; seq: number }> {
    const clientId = randomBytes(6).toString('hex');
    client.send(content, clientId);
    return client.next('ack', (ack) => ack.clientId === clientId);
  }

  async function change(client: ChatClient, event: 'edit' | 'delete', data: Record<string, unknown>) {
    const clientId = randomBytes(6).toString('hex');
    client.sendRaw(JSON.stringify({ event, data: { ...data, clientId } }));
    await client.next('ack', (ack) => ack.clientId === clientId);
  }

  it('finds a message by words that start its words, as soon as its ack is sent, with the room it is in', async () => {
    const word = uniqueWord('deploy');
    const room = uniqueRoom('search');
    const ali = await chat.join(room, 'Ali');
    await post(ali, `The ${word}ment of the server failed`);
    await post(ali, `Nothing about it here`);
    const page = await found(`${word} SERVER`);
    expect(contents(page)).toEqual([`The ${word}ment of the server failed`]);
    expect(page.results[0]).toMatchObject({
      message: { room, username: 'Ali', userId: null, deleted: false },
      room: { slug: room, name: room, visibility: 'public', kind: 'room' },
    });
    expect(page).toMatchObject({ nextCursor: null, ignored: [] });
  });

  it('answers newest first, a page at a time, each result once', async () => {
    const word = uniqueWord();
    const [one, two] = [uniqueRoom('a'), uniqueRoom('b')];
    const [inOne, inTwo] = [await chat.join(one, 'Ali'), await chat.join(two, 'Bea')];
    for (let i = 0; i < 5; i++) await post(i % 2 === 0 ? inOne : inTwo, `${word} number ${i}`);
    const first = await found(word, undefined, { limit: '2' });
    expect(contents(first)).toEqual([`${word} number 4`, `${word} number 3`]);
    const second = await found(word, undefined, { limit: '2', cursor: first.nextCursor! });
    const third = await found(word, undefined, { limit: '2', cursor: second.nextCursor! });
    expect([...contents(second), ...contents(third)]).toEqual([
      `${word} number 2`,
      `${word} number 1`,
      `${word} number 0`,
    ]);
    expect(third.nextCursor).toBeNull();
  });

  it('matches a phrase as consecutive words only', async () => {
    const [a, b] = [uniqueWord('a'), uniqueWord('b')];
    const ali = await chat.join(uniqueRoom('phrase'), 'Ali');
    await post(ali, `${a} ${b} together`);
    await post(ali, `${b} ${a} reversed`);
    await post(ali, `${a} and then ${b}`);
    expect(contents(await found(`"${a} ${b}"`))).toEqual([`${a} ${b} together`]);
    expect(contents(await found(`${a} ${b}`))).toHaveLength(3);
  });

  it('matches a phrase whole, its short words and stopwords too, whatever the case and punctuation between', async () => {
    const [a, b] = [uniqueWord('a'), uniqueWord('b')];
    const ali = await chat.join(uniqueRoom('phrase'), 'Ali');
    await post(ali, `${a} of the ${b}`);
    await post(ali, `${a} of a ${b}`);
    await post(ali, `${a.toUpperCase()}, OF -- the... ${b}!`);
    await post(ali, `x${a} of the ${b}`);
    const page = await found(`"${a} of the ${b}"`);
    expect(contents(page)).toEqual([`${a.toUpperCase()}, OF -- the... ${b}!`, `${a} of the ${b}`]);
    expect(page.ignored).toEqual([]);
  });

  it('filters by sender (any case), room, and day, also with no words at all', async () => {
    const word = uniqueWord();
    const room = uniqueRoom('ops');
    const [ali, bea] = [await chat.join(room, 'Ali'), await chat.join(room, 'Bea')];
    const other = await chat.join(uniqueRoom('other'), 'Ali');
    await post(ali, `${word} from ali here`);
    await post(bea, `${word.toUpperCase()}ING from bea here`);
    await post(other, `${word} from ali elsewhere`);
    expect(contents(await found(`${word} from:ALI`))).toEqual([`${word} from ali elsewhere`, `${word} from ali here`]);
    expect(contents(await found(`${word} in:${room}`))).toEqual([
      `${word.toUpperCase()}ING from bea here`,
      `${word} from ali here`,
    ]);
    expect(contents(await found(`from:bea in:${room}`))).toEqual([`${word.toUpperCase()}ING from bea here`]);
    expect(contents(await found(`ING from:bea`))).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(contents(await found(`${word} before:${tomorrow} in:${room}`))).toHaveLength(2);
    expect(contents(await found(`${word} before:${today}`))).toEqual([]);
    expect(contents(await found(`${word} after:${today}`))).toEqual([]);
  });

  it('lists the words it did not search, and searches the rest', async () => {
    const word = uniqueWord();
    const ali = await chat.join(uniqueRoom('short'), 'Ali');
    await post(ali, `go to ${word} now`);
    const page = await found(`go to ${word}`);
    expect(page.ignored).toEqual(['go', 'to']);
    expect(contents(page)).toEqual([`go to ${word} now`]);
  });

  it('refuses with 400 INVALID_QUERY what it cannot search', async () => {
    for (const [q, extra] of [
      ['', {}],
      ['a to be', {}],
      ['deploy before:2026-13-01', {}],
      ['deploy', { limit: '0' }],
      ['deploy', { limit: '51' }],
      ['deploy', { cursor: 'not-a-cursor' }],
      ['x'.repeat(201), {}],
    ] as Array<[string, Record<string, string>]>) {
      const response = await search(q, undefined, extra);
      expect([q.slice(0, 20), response.status]).toEqual([q.slice(0, 20), 400]);
      expect(await response.json()).toMatchObject({ code: ErrorCode.InvalidQuery, message: expect.any(String) });
    }
  });

  describe('a private room', () => {
    async function privateRoomWith(owner: Person, word: string) {
      const room = await api().json<RoomSummary>('POST', '/rooms', owner.token, {
        name: 'Plans',
        visibility: 'private',
      });
      await post(await openAs(owner, room.slug), `${word} is the secret plan`);
      return room;
    }

    it('is found by its members only: not anonymously, not by another user, not with in:', async () => {
      const word = uniqueWord('secret');
      const owner = await person('owner');
      const stranger = await person('stranger');
      const room = await privateRoomWith(owner, word);
      expect(contents(await found(word, owner.token))).toEqual([`${word} is the secret plan`]);
      expect((await found(word, owner.token)).results[0].room).toMatchObject({
        slug: room.slug,
        visibility: 'private',
      });
      for (const token of [undefined, stranger.token]) {
        expect(await found(word, token)).toEqual({ results: [], nextCursor: null, ignored: [] });
        // The same answer as for a room that does not exist.
        expect(await found(`${word} in:${room.slug}`, token)).toEqual(
          await found(`${word} in:${uniqueRoom('none')}`, token),
        );
      }
    });

    it('is found no more by a member removed from it', async () => {
      const word = uniqueWord('secret');
      const owner = await person('owner');
      const member = await person('member');
      const room = await privateRoomWith(owner, word);
      await api().json('POST', `/rooms/${room.slug}/members`, owner.token, { username: member.name });
      expect(contents(await found(word, member.token))).toHaveLength(1);
      await api().call('DELETE', `/rooms/${room.slug}/members/${member.name}`, owner.token);
      expect(contents(await found(word, member.token))).toEqual([]);
    });
  });

  it('finds an edited message by its new text only, and a deleted one not at all, nor its words in the index', async () => {
    const [before, after, gone] = [uniqueWord('old'), uniqueWord('new'), uniqueWord('gone')];
    const ali = await person('ali');
    const socket = await openAs(ali, uniqueRoom('changes'));
    const edited = await post(socket, `${before} text`);
    const deleted = await post(socket, `${gone} text`);
    await change(socket, 'edit', { id: edited.id, content: `${after} text` });
    await change(socket, 'delete', { id: deleted.id });
    expect(contents(await found(before))).toEqual([]);
    expect(contents(await found(after))).toEqual([`${after} text`]);
    expect(contents(await found(gone))).toEqual([]);
    expect(await indexedWords(gone)).toEqual([]);
    expect(await indexedWords(before)).toEqual([]);
  });

  /** The terms the engine's index holds that start with `prefix`: what a reader of the database files would find. */
  async function indexedWords(prefix: string): Promise<string[]> {
    const { dataSource } = chat.server;
    if (dataSource.options.type === 'better-sqlite3') {
      await dataSource.query(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, message_fts, 'row')",
      );
      const rows = (await dataSource.query('SELECT term FROM temp.search_vocab WHERE term >= ? AND term < ?', [
        prefix,
        `${prefix}~`,
      ])) as Array<{ term: string }>;
      return rows.map((row) => row.term);
    }
    await (chat.server.app.get(SearchIndex) as MysqlSearchIndex).purgeErased();
    const [{ database }] = (await dataSource.query('SELECT DATABASE() AS `database`')) as Array<{ database: string }>;
    await dataSource.query(`SET GLOBAL innodb_ft_aux_table = '${database}/message_search'`);
    const rows = (await dataSource.query(
      'SELECT WORD AS word FROM INFORMATION_SCHEMA.INNODB_FT_INDEX_TABLE WHERE WORD LIKE ? UNION SELECT WORD FROM INFORMATION_SCHEMA.INNODB_FT_INDEX_CACHE WHERE WORD LIKE ?',
      [`${prefix}%`, `${prefix}%`],
    )) as Array<{ word: string }>;
    return rows.map((row) => row.word);
  }

  describe('messages around one', () => {
    it('opens a result in its room: the message and about half the limit each way, oldest first', async () => {
      const room = uniqueRoom('around');
      const ali = await chat.join(room, 'Ali');
      const seqs: number[] = [];
      for (let i = 0; i < 12; i++) seqs.push((await post(ali, `line ${i}`)).seq);
      const around = await api().json<MessagesAround>('GET', `/rooms/${room}/messages?around=${seqs[6]}&limit=4`);
      expect(around.messages.map((message) => message.content)).toEqual(['line 5', 'line 6', 'line 7', 'line 8']);
      expect(around).toMatchObject({ hasMoreBefore: true, hasMoreAfter: true });
      const atStart = await api().json<MessagesAround>('GET', `/rooms/${room}/messages?around=${seqs[0]}&limit=4`);
      expect(atStart.messages.map((message) => message.content)).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
      expect(atStart).toMatchObject({ hasMoreBefore: false, hasMoreAfter: true });
      const pastEnd = await api().json<MessagesAround>('GET', `/rooms/${room}/messages?around=${seqs[11] + 50}`);
      expect(pastEnd.messages.at(-1)?.content).toBe('line 11');
      expect(pastEnd).toMatchObject({ hasMoreBefore: false, hasMoreAfter: false });
    });

    it('answers a private room to its members only (404 as for no room), and refuses around with before', async () => {
      const owner = await person('owner');
      const room = await api().json<RoomSummary>('POST', '/rooms', owner.token, { name: 'P', visibility: 'private' });
      expect((await api().call('GET', `/rooms/${room.slug}/messages?around=1`)).status).toBe(404);
      expect((await api().call('GET', `/rooms/${room.slug}/messages?around=1`, owner.token)).status).toBe(200);
      expect((await api().call('GET', `/rooms/${room.slug}/messages?around=1&before=3`, owner.token)).status).toBe(400);
    });
  });
});

describe('search limits (SEARCH_PER_MIN=2)', () => {
  const chat = useChatServer({ SEARCH_PER_MIN: '2' });

  it('refuses past the limit with 429 and Retry-After, per user or per address', async () => {
    const accounts = new Accounts(chat.server.httpUrl);
    const get = (token?: string) => accounts.call('GET', '/search?q=anything', token);
    expect([(await get()).status, (await get()).status]).toEqual([200, 200]);
    const refused = await get();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const user = await accounts.register(uniqueUsername());
    expect((await get(user.accessToken)).status).toBe(200);
  });
});
