import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search (search/): `message_search` holds one row per message that can be found — its room and seq, when it was
 * created (milliseconds), its sender's name lower-cased, and its `id`, the order results come in (newest first). On
 * MySQL/MariaDB the row also holds the text, under an InnoDB FULLTEXT index; on SQLite the text is indexed by the FTS5
 * table `message_fts`, which keeps no copy of it (contentless, with delete) and erases a deleted row's words from the
 * index at once (secure-delete). Not TypeORM entities: their shape is each engine's own. Existing messages that are
 * not deleted are indexed here, oldest first.
 */
export class Search1765200000000 implements MigrationInterface {
  name = 'Search1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'better-sqlite3') await upOnSqlite(queryRunner);
    else await upOnMysql(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'better-sqlite3') await queryRunner.query('DROP TABLE message_fts');
    await queryRunner.query('DROP TABLE message_search');
  }
}

async function upOnMysql(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`CREATE TABLE message_search (
    id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    room_id INT NOT NULL,
    seq INT NOT NULL,
    created_ms BIGINT NOT NULL,
    author_key VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY UQ_message_search_message (room_id, seq),
    KEY IDX_message_search_author (author_key, id),
    KEY IDX_message_search_room (room_id, id)
  ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  await queryRunner.query(
    `INSERT INTO message_search (room_id, seq, created_ms, author_key, body)
     SELECT room_id, seq, TIMESTAMPDIFF(MICROSECOND, '1970-01-01', created_at) DIV 1000, LOWER(username), content
     FROM messages WHERE deleted = 0 ORDER BY created_at, room_id, seq`,
  );
  // Built once over what is there: much faster than one row at a time.
  await queryRunner.query('CREATE FULLTEXT INDEX FT_message_search_body ON message_search (body)');
}

async function upOnSqlite(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`CREATE TABLE message_search (
    id INTEGER PRIMARY KEY,
    room_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    created_ms INTEGER NOT NULL,
    author_key TEXT NOT NULL
  )`);
  await queryRunner.query('CREATE UNIQUE INDEX UQ_message_search_message ON message_search (room_id, seq)');
  await queryRunner.query('CREATE INDEX IDX_message_search_author ON message_search (author_key, id)');
  await queryRunner.query('CREATE INDEX IDX_message_search_room ON message_search (room_id, id)');
  await queryRunner.query(
    `CREATE VIRTUAL TABLE message_fts USING fts5(body, content='', contentless_delete=1,
       tokenize="unicode61 remove_diacritics 2 tokenchars '_'")`,
  );
  await queryRunner.query(`INSERT INTO message_fts (message_fts, rank) VALUES ('secure-delete', 1)`);
  const rows = (await queryRunner.query(
    `SELECT room_id AS roomId, seq, created_at AS createdAt, username, content FROM messages
     WHERE deleted = 0 ORDER BY created_at, room_id, seq`,
  )) as Array<{ roomId: number; seq: number; createdAt: string; username: string; content: string }>;
  let id = 0;
  for (const row of rows) {
    id += 1;
    // TypeORM keeps SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.SSS' in UTC.
    const createdMs = Date.parse(`${row.createdAt.replace(' ', 'T')}Z`);
    await queryRunner.query(
      'INSERT INTO message_search (id, room_id, seq, created_ms, author_key) VALUES (?, ?, ?, ?, ?)',
      [id, row.roomId, row.seq, createdMs, row.username.toLowerCase()],
    );
    await queryRunner.query('INSERT INTO message_fts (rowid, body) VALUES (?, ?)', [id, row.content]);
  }
}
