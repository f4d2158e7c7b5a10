import type { EntityManager } from 'typeorm';

/** A message as the index knows it. */
export interface IndexedMessage {
  roomId: number;
  seq: number;
  createdAt: Date;
  username: string;
  content: string;
}

/** What to look for: the parsed query less what only the service resolves (the room of `in:`, the readable rooms). */
export interface SearchCriteria {
  /** Each must start a word of the message; lower-case, searchable by this engine. */
  words: readonly string[];
  /** Each must appear as consecutive words. */
  phrases: ReadonlyArray<readonly string[]>;
  /** The sender's name, lower-cased: exactly that. */
  from?: string;
  /** Created before this many milliseconds since the epoch. */
  before?: number;
  /** Created at or after. */
  after?: number;
}

/** Where to look: one room, or every public room plus the rooms the caller is a member of. */
export type SearchScope = { room: number } | { publicAnd: readonly number[] };

/** One result: where it stands in the index's order (newest first) and which message it is. */
export interface SearchHit {
  position: number;
  roomId: number;
  seq: number;
}

/** The engine stopped a search at its time limit (SEARCH_TIMEOUT_MS). */
export class SearchTimedOut extends Error {
  constructor() {
    super('The search ran past its time limit');
    this.name = 'SearchTimedOut';
  }
}

/** A statement of the message writer's one-round-trip batch (MySQL). */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

/**
 * The port every search engine stands behind: told of each message as it is stored, edited and deleted, inside the
 * writing transaction (so a message is found as soon as its ack is sent, and an edited or deleted one is found by its
 * new text only, or not at all, from the moment the room hears of it), and asked for hits newest first.
 * `MysqlSearchIndex` is InnoDB FULLTEXT; `SqliteSearchIndex` is FTS5. Another engine plugs in here.
 */
export abstract class SearchIndex {
  /** Whether the engine finds a word of this length and spelling at all (InnoDB skips its stopwords). */
  abstract searchable(word: string): boolean;

  abstract add(manager: EntityManager, messages: readonly IndexedMessage[]): Promise<void>;

  /**
   * For MySQL's one-round-trip batch: the statement indexing `messages`, each row's seq given by `seqSql(i)`; null
   * where the engine has none (the batch then takes the transaction path).
   */
  oneTripStatement(_messages: readonly IndexedMessage[], _seqSql: (index: number) => string): Statement | null {
    return null;
  }

  /** An edit: the message is found by its new text only. */
  abstract replace(manager: EntityManager, roomId: number, seq: number, content: string): Promise<void>;

  /** A delete: the message is found no more, and its words leave the index. */
  abstract remove(manager: EntityManager, roomId: number, seq: number): Promise<void>;

  /** Up to `limit` hits, newest first, before `after` (a position) when given; SearchTimedOut past the time limit. */
  abstract find(
    criteria: SearchCriteria,
    scope: SearchScope,
    after: number | null,
    limit: number,
  ): Promise<SearchHit[]>;
}
