import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import {
  SearchIndex,
  SearchTimedOut,
  type IndexedMessage,
  type SearchCriteria,
  type SearchHit,
  type SearchScope,
  type Statement,
} from './search-index.js';
import type { MysqlSearchPurge } from './mysql-search-purge.js';
import { scopeCondition, type Condition } from './search-sql.js';

/**
 * How the server says it stopped a search at its time limit: ER_STATEMENT_TIMEOUT (MariaDB's max_statement_time),
 * ER_QUERY_TIMEOUT (MySQL's MAX_EXECUTION_TIME), and InnoDB's full-text error 188, which MariaDB returns when the
 * limit interrupts a full-text lookup (and when a lookup outgrows innodb_ft_result_cache_limit: too costly either way).
 */
const TIMED_OUT = new Set([1969, 3024, 188]);

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

  /** Prefixes a search's SELECT so that the server stops it at SEARCH_TIMEOUT_MS (each flavour has its own way). */
  private timeLimit = '';
  private unicodeRegex = '';

  constructor(
    private readonly dataSource: DataSource,
    private readonly purge: MysqlSearchPurge,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    const [settings] = (await this.dataSource.query(
      `SELECT @@innodb_ft_min_token_size AS min, @@innodb_ft_max_token_size AS max,
         @@innodb_ft_enable_stopword AS stopwords, VERSION() AS version`,
    )) as Array<{ min: number | string; max: number | string; stopwords: number | string; version: string }>;
    this.minTokenLength = Number(settings.min);
    this.maxTokenLength = Number(settings.max);
    if (Number(settings.stopwords) === 0) this.stopwords = new Set();
    const mariadb = settings.version.includes('MariaDB');
    if (mariadb) this.unicodeRegex = '(*UCP)';
    if (this.timeoutMs > 0) {
      this.timeLimit = mariadb
        ? `SET STATEMENT max_statement_time = ${this.timeoutMs / 1000} FOR SELECT`
        : `SELECT /*+ MAX_EXECUTION_TIME(${this.timeoutMs}) */`;
    }
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

  /**
   * Words are prefixes (`+word*`). A phrase is its searchable words, each required whole (`+word`), and a regular
   * expression over the text for the words in a row: InnoDB's own phrase operator reads the positions of every
   * message holding all the words, which takes minutes for common words on a million messages; this takes the words'
   * cost only, checks short words and stopwords too, and the time limit stops it.
   */
  async find(criteria: SearchCriteria, scope: SearchScope, after: number | null, limit: number): Promise<SearchHit[]> {
    const conditions: Condition[] = [scopeCondition(scope)];
    const required = new Set([
      ...criteria.words.map((word) => `+${word}*`),
      ...criteria.phrases.flatMap((phrase) => phrase.filter((word) => this.searchable(word)).map((word) => `+${word}`)),
    ]);
    if (required.size > 0) {
      conditions.push({ sql: 'MATCH(s.body) AGAINST (? IN BOOLEAN MODE)', parameters: [[...required].join(' ')] });
    }
    for (const phrase of criteria.phrases) {
      conditions.push({ sql: 's.body REGEXP ?', parameters: [this.phrasePattern(phrase)] });
    }
    if (criteria.from !== undefined) conditions.push({ sql: 's.author_key = ?', parameters: [criteria.from] });
    if (criteria.before !== undefined) conditions.push({ sql: 's.created_ms < ?', parameters: [criteria.before] });
    if (criteria.after !== undefined) conditions.push({ sql: 's.created_ms >= ?', parameters: [criteria.after] });
    if (after !== null) conditions.push({ sql: 's.id < ?', parameters: [after] });
    const rows = (await this.query(
      `${this.timeLimit || 'SELECT'} s.id AS position, s.room_id AS roomId, s.seq AS seq FROM message_search s
       JOIN rooms r ON r.id = s.room_id
       WHERE ${conditions.map((condition) => condition.sql).join(' AND ')}
       ORDER BY s.id DESC LIMIT ?`,
      [...conditions.flatMap((condition) => condition.parameters), limit],
    )) as Array<{ position: number | string; roomId: number | string; seq: number | string }>;
    return rows.map((row) => ({ position: Number(row.position), roomId: Number(row.roomId), seq: Number(row.seq) }));
  }

  /**
   * The phrase's words in a row, whole, anything not a word between them (words hold letters, digits, marks and `_`
   * only: nothing to escape). The column's collation makes it case-insensitive; `(*UCP)` makes MariaDB's PCRE2 know
   * non-ASCII letters as word characters, as MySQL's ICU does by itself.
   */
  private phrasePattern(phrase: readonly string[]): string {
    return `${this.unicodeRegex}(^|\\W)${phrase.join('\\W+')}(\\W|$)`;
  }

  private async query(sql: string, parameters: unknown[]): Promise<unknown> {
    try {
      return await this.dataSource.query(sql, parameters);
    } catch (error) {
      const errno = (error as { driverError?: { errno?: number } }).driverError?.errno;
      if (TIMED_OUT.has(errno ?? 0)) throw new SearchTimedOut();
      throw error;
    }
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
