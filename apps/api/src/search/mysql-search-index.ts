import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  SearchIndex,
  type IndexedMessage,
  type SearchCriteria,
  type SearchHit,
  type SearchScope,
  type Statement,
} from './search-index.js';
import type { MysqlSearchPurge } from './mysql-search-purge.js';
import { scopeCondition, type Condition } from './search-sql.js';

/** InnoDB's built-in stopwords (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD): never in a FULLTEXT index. */
const INNODB_STOPWORDS = new Set(
  'a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(
    ' ',
  ),
);

/**
 * InnoDB FULLTEXT over `message_search.body` (migration 1765200000000). Words are searched as prefixes (`+word*`), phrases
 * literally (`+"a b c"`), in boolean mode; the server's token lengths and stopwords decide what cannot be found, read
 * once at start. InnoDB keeps a deleted row's words in its index, hidden from results, until the table is rebuilt:
 * MysqlSearchPurge does that after deletions and edits.
 */
export class MysqlSearchIndex extends SearchIndex implements OnModuleInit, OnApplicationShutdown {
  private minTokenLength = 3;
  private maxTokenLength = 84;
  private stopwords: ReadonlySet<string> = INNODB_STOPWORDS;

  constructor(
    private readonly dataSource: DataSource,
    private readonly purge: MysqlSearchPurge,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    const [settings] = (await this.dataSource.query(
      'SELECT @@innodb_ft_min_token_size AS min, @@innodb_ft_max_token_size AS max, @@innodb_ft_enable_stopword AS stopwords',
    )) as Array<{ min: number | string; max: number | string; stopwords: number | string }>;
    this.minTokenLength = Number(settings.min);
    this.maxTokenLength = Number(settings.max);
    if (Number(settings.stopwords) === 0) this.stopwords = new Set();
  }

  onApplicationShutdown(): void {
    this.purge.stop();
  }

  /** Rebuilds the index now, as the purge does on its interval (for operators and tests). */
  purgeErased(): Promise<void> {
    return this.purge.purge();
  }

  searchable(word: string): boolean {
    const length = [...word].length;
    return length >= this.minTokenLength && length <= this.maxTokenLength && !this.stopwords.has(word);
  }

  async add(manager: EntityManager, messages: readonly IndexedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const statement = this.insert(messages, (i) => ({ sql: '?', parameters: [messages[i].seq] }));
    await manager.query(statement.sql, statement.parameters);
  }

  override oneTripStatement(messages: readonly IndexedMessage[], seqSql: (index: number) => string): Statement {
    return this.insert(messages, (i) => ({ sql: seqSql(i), parameters: [] }));
  }

  async replace(manager: EntityManager, roomId: number, seq: number, content: string): Promise<void> {
    await manager.query('UPDATE message_search SET body = ? WHERE room_id = ? AND seq = ?', [content, roomId, seq]);
    this.purge.due();
  }

  async remove(manager: EntityManager, roomId: number, seq: number): Promise<void> {
    await manager.query('DELETE FROM message_search WHERE room_id = ? AND seq = ?', [roomId, seq]);
    this.purge.due();
  }

  async find(criteria: SearchCriteria, scope: SearchScope, after: number | null, limit: number): Promise<SearchHit[]> {
    const conditions: Condition[] = [scopeCondition(scope)];
    const text = [
      ...criteria.words.map((word) => `+${word}*`),
      ...criteria.phrases.map((phrase) => `+"${phrase.join(' ')}"`),
    ].join(' ');
    if (text !== '') conditions.push({ sql: 'MATCH(s.body) AGAINST (? IN BOOLEAN MODE)', parameters: [text] });
    if (criteria.from !== undefined) conditions.push({ sql: 's.author_key = ?', parameters: [criteria.from] });
    if (criteria.before !== undefined) conditions.push({ sql: 's.created_ms < ?', parameters: [criteria.before] });
    if (criteria.after !== undefined) conditions.push({ sql: 's.created_ms >= ?', parameters: [criteria.after] });
    if (after !== null) conditions.push({ sql: 's.id < ?', parameters: [after] });
    const rows = (await this.dataSource.query(
      `SELECT s.id AS position, s.room_id AS roomId, s.seq AS seq FROM message_search s
       JOIN rooms r ON r.id = s.room_id
       WHERE ${conditions.map((condition) => condition.sql).join(' AND ')}
       ORDER BY s.id DESC LIMIT ?`,
      [...conditions.flatMap((condition) => condition.parameters), limit],
    )) as Array<{ position: number | string; roomId: number | string; seq: number | string }>;
    return rows.map((row) => ({ position: Number(row.position), roomId: Number(row.roomId), seq: Number(row.seq) }));
  }

  private insert(
    messages: readonly IndexedMessage[],
    seqOf: (index: number) => { sql: string; parameters: unknown[] },
  ): Statement {
    const values = messages.map((message, i) => {
      const seq = seqOf(i);
      return {
        sql: `(?, ${seq.sql}, ?, ?, ?)`,
        parameters: [
          message.roomId,
          ...seq.parameters,
          message.createdAt.getTime(),
          message.username.toLowerCase(),
          message.content,
        ],
      };
    });
    return {
      sql: `INSERT INTO message_search (room_id, seq, created_ms, author_key, body) VALUES ${values.map((value) => value.sql).join(', ')}`,
      parameters: values.flatMap((value) => value.parameters),
    };
  }
}
