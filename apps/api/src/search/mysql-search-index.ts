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

/**
 * Messages of one sender or room up to which their own index, read newest first with a pattern per word, is the
 * cheaper plan. Each message read costs a lookup of its row (tens of microseconds when it is not in the buffer pool);
 * FULLTEXT costs several microseconds per message holding the words, wherever they are. Measured on a million
 * messages (`npm run bench -- --only search`): a sender's 2,000 are faster by pattern at the p99, a room's 10,000 by
 * FULLTEXT at the p50 with a 128 MiB buffer pool.
 */
const NARROW_SCOPE_MAX = 5_000;

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
   * Two plans. Over many messages, FULLTEXT: words are prefixes (`+word*`); a phrase is its searchable words, each
   * required whole (`+word`), and a pattern over the text for the words in a row (InnoDB's own phrase operator reads
   * the positions of every message holding all the words: minutes for common words on a million messages). Its cost
   * grows with how many messages hold the words, wherever they are. When `from:` or `in:` leaves few messages
   * (NARROW_SCOPE_MAX), those are read newest first by their index and each word checked by a pattern instead: the
   * cost is at most that many rows, and usually far less, as the newest matches come first.
   */
  async find(criteria: SearchCriteria, scope: SearchScope, after: number | null, limit: number): Promise<SearchHit[]> {
    const narrowing = this.narrowing(criteria, scope);
    const byPattern = narrowing !== null && (await this.fewMessagesWhere(narrowing));
    const textConditions = byPattern ? this.patternConditions(criteria) : this.fulltextConditions(criteria);
    const conditions: Condition[] = [scopeCondition(scope), ...textConditions];
    if (criteria.from !== undefined) conditions.push({ sql: 's.author_key = ?', parameters: [criteria.from] });
    if (criteria.before !== undefined) conditions.push({ sql: 's.created_ms < ?', parameters: [criteria.before] });
    if (criteria.after !== undefined) conditions.push({ sql: 's.created_ms >= ?', parameters: [criteria.after] });
    if (after !== null) conditions.push({ sql: 's.id < ?', parameters: [after] });
    const rows = (await this.query(
      `${this.timeLimit || 'SELECT'} s.id AS position, s.room_id AS roomId, s.seq AS seq
       FROM message_search s ${byPattern ? `FORCE INDEX (${narrowing.index})` : ''}
       JOIN rooms r ON r.id = s.room_id
       WHERE ${conditions.map((condition) => condition.sql).join(' AND ')}
       ORDER BY s.id DESC LIMIT ?`,
      [...conditions.flatMap((condition) => condition.parameters), limit],
    )) as Array<{ position: number | string; roomId: number | string; seq: number | string }>;
    return rows.map((row) => ({ position: Number(row.position), roomId: Number(row.roomId), seq: Number(row.seq) }));
  }

  /**
   * The sender or the room, when the query names one and has text to match (operators alone need no plan), with the
   * index that reads its messages newest first: named, since the optimizer would rather walk the whole table in id
   * order and filter.
   */
  private narrowing(criteria: SearchCriteria, scope: SearchScope): (Condition & { index: string }) | null {
    if (criteria.words.length === 0 && criteria.phrases.length === 0) return null;
    if (criteria.from !== undefined) {
      return { sql: 'author_key = ?', parameters: [criteria.from], index: 'IDX_message_search_author' };
    }
    if ('room' in scope) return { sql: 'room_id = ?', parameters: [scope.room], index: 'IDX_message_search_room' };
    return null;
  }

  /** Counts on the index, stopping past NARROW_SCOPE_MAX. */
  private async fewMessagesWhere(narrowing: Condition): Promise<boolean> {
    const [{ count }] = (await this.query(
      `SELECT COUNT(*) AS count FROM (SELECT 1 FROM message_search WHERE ${narrowing.sql} LIMIT ?) capped`,
      [...narrowing.parameters, NARROW_SCOPE_MAX + 1],
    )) as Array<{ count: number | string }>;
    return Number(count) <= NARROW_SCOPE_MAX;
  }

  private fulltextConditions(criteria: SearchCriteria): Condition[] {
    const required = new Set([
      ...criteria.words.map((word) => `+${word}*`),
      ...criteria.phrases.flatMap((phrase) => phrase.filter((word) => this.searchable(word)).map((word) => `+${word}`)),
    ]);
    const conditions: Condition[] = [];
    if (required.size > 0) {
      conditions.push({ sql: 'MATCH(s.body) AGAINST (? IN BOOLEAN MODE)', parameters: [[...required].join(' ')] });
    }
    return [...conditions, ...this.phraseConditions(criteria)];
  }

  private patternConditions(criteria: SearchCriteria): Condition[] {
    const words = criteria.words.map((word) => ({
      sql: 's.body REGEXP ?',
      parameters: [`${this.unicodeRegex}(^|\\W)${word}`],
    }));
    return [...words, ...this.phraseConditions(criteria)];
  }

  private phraseConditions(criteria: SearchCriteria): Condition[] {
    return criteria.phrases.map((phrase) => ({ sql: 's.body REGEXP ?', parameters: [this.phrasePattern(phrase)] }));
  }

  /**
   * The phrase's words in a row, whole, anything not a word between them (words hold letters, digits, marks and `_`
   * only: nothing to escape; so does a word's pattern, a word of the text starting with it). The column's collation makes it case-insensitive; `(*UCP)` makes MariaDB's PCRE2 know
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
