import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Mutex } from 'async-mutex';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * Every transaction of the app begins here. On MySQL each gets a pooled connection of its own. On SQLite TypeORM has
 * one connection, on which a second transaction begun while one is open becomes a savepoint of the first: a commit or
 * rollback of either would end the other's work (a refused change could roll back a stored message). There,
 * transactions take turns.
 */
@Injectable()
export class Transactions {
  private readonly turns: Mutex | null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.turns = dataSource.options.type === 'better-sqlite3' ? new Mutex() : null;
  }

  /** Whether row locks are taken with `FOR UPDATE` (MySQL); SQLite's transactions take turns instead. */
  get locksRows(): boolean {
    return this.turns === null;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const transaction = () => this.dataSource.transaction(work);
    return this.turns ? this.turns.runExclusive(transaction) : transaction();
  }

  /**
   * After a transaction that erased text: on SQLite (secure_delete zeroes it in the database file) the write-ahead
   * log, which still holds the pages as they were, is written back and emptied, so the text is nowhere on disk. MySQL
   * keeps no such copy Parley controls: its binary log is off in docker-compose (README, "Deleted text").
   */
  async eraseTraces(): Promise<void> {
    if (!this.turns) return;
    await this.turns.runExclusive(() => this.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)'));
  }
}
