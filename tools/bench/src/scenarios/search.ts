/**
 * Search over a large corpus (see corpus.ts), on each engine Parley runs on: the corpus is written straight into the
 * database as Parley stores and indexes messages, then each kind of query is asked over HTTP, one at a time, as an
 * anonymous visitor (every room is public): the latency is the whole request's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Corpus, type CorpusMessage } from '../corpus.js';
import { CpuMeter } from '../cpu.js';
import type { Launcher, Side } from '../plans.js';
import type { BenchDatabase, Target } from '../servers.js';
import { Latencies } from '../stats.js';
import { finish, type Figure, type Outcome } from './outcome.js';

export interface SearchLoad {
  messages: number;
  rooms: number;
  queriesPerKind: number;
}

const SEED_CHUNK = 2_000;
const MIB = 1024 * 1024;
const roomSlug = (room: number) => `search-${room}`;

/** Each kind of query the issue names, made from the corpus. */
const QUERY_KINDS: Array<{ name: string; make: (corpus: Corpus, rooms: number) => string }> = [
  { name: 'two words', make: (corpus) => corpus.queryWordPair() },
  { name: 'phrase', make: (corpus) => corpus.queryPhrase() },
  { name: 'from: + word', make: (corpus) => `from:${corpus.queryAuthor()} ${corpus.queryWord()}` },
  { name: 'in: + word', make: (corpus, rooms) => `in:${roomSlug(corpus.queryRoom(rooms))} ${corpus.queryWord()}` },
];

/** The MariaDB column: Parley on the bench database, the corpus written into it while it runs. */
export function searchOnMariadb(load: SearchLoad): Side {
  return {
    start: (launch: Launcher) => launch.oneInstance(),
    run: async (target, database) => {
      const corpus = new Corpus();
      await seedMariadb(database, corpus, load);
      return ask(target, corpus, load, await mariadbSizes(database));
    },
  };
}

/**
 * The SQLite column: Parley started once on a new file to make its schema, stopped while the corpus is written into
 * the file, then started again on it.
 */
export function searchOnSqlite(load: SearchLoad): Side {
  const corpus = new Corpus();
  let file = '';
  return {
    label: 'SQLite',
    start: async (launch: Launcher) => {
      const directory = await mkdtemp(join(tmpdir(), 'parley-bench-search-'));
      file = join(directory, 'parley.sqlite');
      const env = { DATABASE_URL: `sqlite:${file}` };
      await (await launch.oneInstance(env)).stop();
      seedSqlite(file, corpus, load);
      const target = await launch.oneInstance(env);
      return {
        ...target,
        label: 'Parley on SQLite',
        stop: async () => {
          await target.stop();
          await rm(directory, { recursive: true, force: true });
        },
      };
    },
    run: async (target) => ask(target, corpus, load, sqliteSizes(file)),
  };
}

async function ask(target: Target, corpus: Corpus, load: SearchLoad, sizes: Figure[]): Promise<Outcome> {
  const figures: Figure[] = [];
  let errors = 0;
  let timedOut = 0;
  let asked = 0;
  let found = 0;
  const meter = CpuMeter.start(target);
  for (const kind of QUERY_KINDS) {
    const latency = new Latencies();
    for (let i = 0; i < load.queriesPerKind; i++) {
      const query = kind.make(corpus, load.rooms);
      const started = performance.now();
      const response = await fetch(`${target.httpUrl}/api/search?${new URLSearchParams({ q: query })}`);
      const body = (await response.json()) as { results?: unknown[] };
      latency.add(performance.now() - started);
      asked++;
      if (response.status === 503) timedOut++;
      else if (response.status !== 200) errors++;
      else if ((body.results?.length ?? 0) > 0) found++;
    }
    // One query at a time: the generator waits, it does not decide the latency (MariaDB, unpinned, may share its core).
    figures.push(
      { name: `${kind.name} p50`, value: latency.percentile(50), unit: 'ms', loadBound: false },
      { name: `${kind.name} p99`, value: latency.percentile(99), unit: 'ms', loadBound: false },
    );
  }
  const cpu = meter.stop();
  figures.push(
    { name: 'queries with results', value: (100 * found) / asked, unit: '%', loadBound: false },
    // Past SEARCH_TIMEOUT_MS (MySQL): 503 SEARCH_TIMEOUT, its latency the limit's.
    { name: 'queries timed out', value: (100 * timedOut) / asked, unit: '%', loadBound: false },
  );
  return finish(
    [...figures, ...sizes],
    cpu,
    { count: asked, per: 1, unit: 'query' },
    {
      lost: 0,
      duplicates: 0,
      misrouted: 0,
      errors,
    },
  );
}

/** 100 public rooms, then the messages and their search rows; the FULLTEXT index is built once at the end. */
async function seedMariadb(database: BenchDatabase, corpus: Corpus, load: SearchLoad): Promise<void> {
  const now = new Date();
  await database.query(`INSERT INTO {db}.rooms (slug, name, created_at, last_activity_at) VALUES ?`, [
    Array.from({ length: load.rooms }, (_, room) => [roomSlug(room), roomSlug(room), now, now]),
  ]);
  const [rows] = (await database.query(`SELECT id, slug FROM {db}.rooms WHERE slug LIKE 'search-%'`)) as [
    Array<{ id: number; slug: string }>,
  ];
  const roomIds = new Map(rows.map((row) => [row.slug, row.id]));
  const idOf = (message: CorpusMessage) => roomIds.get(roomSlug(message.room))!;
  // FORCE rebuilds the table without FULLTEXT's hidden doc-id column: on MariaDB 10.11 an index added again over rows
  // written while that column lingered finds none of them.
  await database.query(`ALTER TABLE {db}.message_search DROP INDEX FT_message_search_body, FORCE`);
  for (const chunk of chunks(corpus.messages(load.messages, load.rooms))) {
    await database.query(
      `INSERT INTO {db}.messages (room_id, seq, id, username, content, created_at, version, deleted) VALUES ?`,
      [
        chunk.map((message) => [
          idOf(message),
          message.seq,
          randomUUID(),
          message.author,
          message.text,
          new Date(message.createdMs),
          message.seq,
          false,
        ]),
      ],
    );
    await database.query(`INSERT INTO {db}.message_search (room_id, seq, created_ms, author_key, body) VALUES ?`, [
      chunk.map((message) => [idOf(message), message.seq, message.createdMs, message.author, message.text]),
    ]);
  }
  await database.query(`CREATE FULLTEXT INDEX FT_message_search_body ON {db}.message_search (body)`);
  await database.query(
    `UPDATE {db}.rooms r SET last_seq = (SELECT MAX(seq) FROM {db}.messages m WHERE m.room_id = r.id)
     WHERE slug LIKE 'search-%'`,
  );
  await database.query(`ANALYZE TABLE {db}.messages, {db}.message_search`);
}

/** What the messages take on disk, and what search adds: its table (with a copy of the text) and the FULLTEXT index. */
async function mariadbSizes(database: BenchDatabase): Promise<Figure[]> {
  const [tables] = (await database.query(
    `SELECT TABLE_NAME AS name, DATA_LENGTH + INDEX_LENGTH AS bytes FROM information_schema.TABLES
     WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME IN ('messages', 'message_search')`,
  )) as [Array<{ name: string; bytes: number }>];
  const [fulltext] = (await database.query(
    `SELECT COALESCE(SUM(FILE_SIZE), 0) AS bytes FROM information_schema.INNODB_SYS_TABLESPACES
     WHERE NAME LIKE '{db}/FTS\\_%'`,
  )) as [Array<{ bytes: number }>];
  const [pool] = (await database.query(`SELECT @@innodb_buffer_pool_size AS bytes`)) as [Array<{ bytes: number }>];
  const bytesOf = (name: string) => Number(tables.find((table) => table.name === name)?.bytes ?? NaN);
  return [
    ...sizeFigures(bytesOf('messages'), bytesOf('message_search') + Number(fulltext[0].bytes)),
    // What of them stays in memory: InnoDB's default is 128 MiB, less than this corpus.
    { name: 'InnoDB buffer pool', value: Number(pool[0].bytes) / MIB, unit: 'MiB', loadBound: false },
  ];
}

function seedSqlite(file: string, corpus: Corpus, load: SearchLoad): void {
  const db = new Database(file);
  try {
    const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    const now = sqlTime(Date.now());
    const insertRoom = db.prepare(
      'INSERT INTO rooms (slug, name, visibility, kind, last_seq, created_at, last_activity_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
    );
    const roomIds = db.transaction(() =>
      Array.from({ length: load.rooms }, (_, room) =>
        Number(insertRoom.run(roomSlug(room), roomSlug(room), 'public', 'room', now, now).lastInsertRowid),
      ),
    )();
    const insertMessage = db.prepare(
      `INSERT INTO messages (room_id, seq, id, username, content, created_at, version, deleted)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
    );
    const insertSearch = db.prepare(
      'INSERT INTO message_search (room_id, seq, created_ms, author_key) VALUES (?, ?, ?, ?)',
    );
    const insertText = db.prepare('INSERT INTO message_fts (rowid, body) VALUES (?, ?)');
    const writeChunk = db.transaction((chunk: CorpusMessage[]) => {
      for (const message of chunk) {
        const roomId = roomIds[message.room];
        const text = message.text;
        insertMessage.run(
          roomId,
          message.seq,
          randomUUID(),
          message.author,
          text,
          sqlTime(message.createdMs),
          message.seq,
        );
        const id = insertSearch.run(roomId, message.seq, message.createdMs, message.author).lastInsertRowid;
        insertText.run(id, text);
      }
    });
    for (const chunk of chunks(corpus.messages(load.messages, load.rooms))) writeChunk(chunk);
    db.prepare(
      `UPDATE rooms SET last_seq = (SELECT MAX(seq) FROM messages m WHERE m.room_id = rooms.id) WHERE slug LIKE 'search-%'`,
    ).run();
  } finally {
    db.close();
  }
}

/** Pages per table, its indexes with it; FTS5's shadow tables are the search index. */
function sqliteSizes(file: string): Figure[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT s.tbl_name AS name, SUM(d.pgsize) AS bytes FROM dbstat d JOIN sqlite_schema s ON s.name = d.name
         GROUP BY s.tbl_name`,
      )
      .all() as Array<{ name: string; bytes: number }>;
    const bytesOf = (match: (name: string) => boolean) =>
      rows.filter((row) => match(row.name)).reduce((sum, row) => sum + row.bytes, 0);
    return sizeFigures(
      bytesOf((name) => name === 'messages'),
      bytesOf((name) => name === 'message_search' || name.startsWith('message_fts')),
    );
  } finally {
    db.close();
  }
}

function sizeFigures(messagesBytes: number, searchBytes: number): Figure[] {
  return [
    { name: 'messages table on disk', value: messagesBytes / MIB, unit: 'MiB', loadBound: false },
    { name: 'search index on disk', value: searchBytes / MIB, unit: 'MiB', loadBound: false },
  ];
}

function* chunks<T>(items: Iterable<T>): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === SEED_CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Runs `scenario` with search indexing turned off in the database: `message_search` (the table and FULLTEXT index the
 * write path fills) becomes a BLACKHOLE table, which takes every insert and keeps nothing. Parley's statements are
 * unchanged; only the indexing work goes. MariaDB ships the engine as a plugin: loaded for this, unloaded after.
 */
export async function withoutSearchIndexing<T>(database: BenchDatabase, scenario: () => Promise<T>): Promise<T> {
  const [engines] = (await database.query(
    `SELECT ENGINE FROM information_schema.ENGINES WHERE ENGINE = 'BLACKHOLE' AND SUPPORT IN ('YES', 'DEFAULT')`,
  )) as [unknown[]];
  const installed = engines.length === 0;
  if (installed) await database.query(`INSTALL SONAME 'ha_blackhole'`);
  try {
    await database.query(`ALTER TABLE {db}.message_search DROP INDEX FT_message_search_body, ENGINE = BLACKHOLE`);
    return await scenario();
  } finally {
    if (installed) await database.query(`UNINSTALL SONAME 'ha_blackhole'`);
  }
}
