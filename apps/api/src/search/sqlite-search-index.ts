import type { DataSource, EntityManager } from 'typeorm';
import {
  SearchIndex,
  type IndexedMessage,
  type SearchCriteria,
  type SearchHit,
  type SearchScope,
} from './search-index.js';
import { scopeCondition, type Condition } from './search-sql.js';

/**
 * FTS5 over `message_fts` (migration 1765200000000), whose rowid is `message_search.id`. Words are searched as prefixes
 * (`"word"*`), phrases literally; FTS5 has no stopwords, so every word long enough is found. The table keeps no copy of
 * the text and erases a deleted row's words from the index at once (secure-delete).
 */
export class SqliteSearchIndex extends SearchIndex {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  searchable(): boolean {
    return true;
  }

  /** Runs in the writing transaction, whose turn on SQLite's one connection makes the next ids this batch's. */
  async add(manager: EntityManager, messages: readonly IndexedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const [{ last }] = (await manager.query('SELECT COALESCE(MAX(id), 0) AS last FROM message_search')) as Array<{
      last: number;
    }>;
    const ids = messages.map((_, i) => Number(last) + i + 1);
    for (let start = 0; start < messages.length; start += ROWS_PER_INSERT) {
      const some = messages.slice(start, start + ROWS_PER_INSERT);
      const someIds = ids.slice(start, start + ROWS_PER_INSERT);
      await manager.query(
        `INSERT INTO message_search (id, room_id, seq, created_ms, author_key) VALUES ${some.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
        some.flatMap((message, i) => [
          someIds[i],
          message.roomId,
          message.seq,
          message.createdAt.getTime(),
          message.username.toLowerCase(),
        ]),
      );
      await manager.query(
        `INSERT INTO message_fts (rowid, body) VALUES ${some.map(() => '(?, ?)').join(', ')}`,
        some.flatMap((message, i) => [someIds[i], message.content]),
      );
    }
  }

  async replace(manager: EntityManager, roomId: number, seq: number, content: string): Promise<void> {
    const id = await this.idOf(manager, roomId, seq);
    if (id === null) return;
    await manager.query('DELETE FROM message_fts WHERE rowid = ?', [id]);
    await manager.query('INSERT INTO message_fts (rowid, body) VALUES (?, ?)', [id, content]);
  }

  async remove(manager: EntityManager, roomId: number, seq: number): Promise<void> {
    const id = await this.idOf(manager, roomId, seq);
    if (id === null) return;
    await manager.query('DELETE FROM message_fts WHERE rowid = ?', [id]);
    await manager.query('DELETE FROM message_search WHERE id = ?', [id]);
  }

  async find(criteria: SearchCriteria, scope: SearchScope, after: number | null, limit: number): Promise<SearchHit[]> {
    const conditions: Condition[] = [scopeCondition(scope)];
    const text = [
      ...criteria.words.map((word) => `${quoted(word)}*`),
      ...criteria.phrases.map((phrase) => quoted(phrase.join(' '))),
    ].join(' AND ');
    const matching = text !== '';
    if (matching) conditions.push({ sql: 'f.message_fts MATCH ?', parameters: [text] });
    if (criteria.from !== undefined) conditions.push({ sql: 's.author_key = ?', parameters: [criteria.from] });
    if (criteria.before !== undefined) conditions.push({ sql: 's.created_ms < ?', parameters: [criteria.before] });
    if (criteria.after !== undefined) conditions.push({ sql: 's.created_ms >= ?', parameters: [criteria.after] });
    if (after !== null) conditions.push({ sql: `${matching ? 'f.rowid' : 's.id'} < ?`, parameters: [after] });
    // With text, FTS5 walks its matches newest first and stops at the limit; without, the indexes on s do.
    const sql = matching
      ? `SELECT s.id AS position, s.room_id AS roomId, s.seq AS seq FROM message_fts f
         JOIN message_search s ON s.id = f.rowid JOIN rooms r ON r.id = s.room_id
         WHERE ${conditions.map((condition) => condition.sql).join(' AND ')} ORDER BY f.rowid DESC LIMIT ?`
      : `SELECT s.id AS position, s.room_id AS roomId, s.seq AS seq FROM message_search s
         JOIN rooms r ON r.id = s.room_id
         WHERE ${conditions.map((condition) => condition.sql).join(' AND ')} ORDER BY s.id DESC LIMIT ?`;
    const rows = (await this.dataSource.query(sql, [
      ...conditions.flatMap((condition) => condition.parameters),
      limit,
    ])) as Array<{ position: number; roomId: number; seq: number }>;
    return rows.map((row) => ({ position: Number(row.position), roomId: Number(row.roomId), seq: Number(row.seq) }));
  }

  private async idOf(manager: EntityManager, roomId: number, seq: number): Promise<number | null> {
    const [row] = (await manager.query('SELECT id FROM message_search WHERE room_id = ? AND seq = ?', [
      roomId,
      seq,
    ])) as Array<{ id: number }>;
    return row ? Number(row.id) : null;
  }
}

/** Rows per INSERT: within SQLite's limit on bound parameters. */
const ROWS_PER_INSERT = 1000;

/** An FTS5 string: whatever it holds is searched as text, never read as query syntax. */
function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}
