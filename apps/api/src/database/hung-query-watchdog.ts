import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Socket } from 'node:net';
import type { DataSource } from 'typeorm';
import type { Environment } from '../config/environment.js';
import { MultiStatementPool } from './multi-statement-pool.js';

/** The parts of a mysql2 pooled connection the watchdog touches. */
interface PooledConnection {
  stream: Socket;
  /** mysql2's command in progress; undefined (or null) while the connection idles in the pool. */
  _command: unknown;
}

interface Pool {
  on(event: 'acquire', listener: (connection: PooledConnection) => void): void;
}

/**
 * A statement that gets no answer (a database that hangs, or a network that silently drops packets) would hold its
 * caller forever: mysql2's own query timeout fails the promise but leaves the connection busy with the lost statement,
 * so the transaction's ROLLBACK queues behind it and never ends. Instead, a connection whose socket has been silent
 * for DATABASE_TIMEOUT_MS while a statement is in progress is destroyed: that statement and everything queued on
 * the connection fail at once (so the writer answers its senders and goes on), the pool replaces the connection, and
 * the server rolls back the abandoned transaction when it notices. SQLite runs in-process and needs none of this.
 */
@Injectable()
export class HungQueryWatchdog implements OnApplicationBootstrap {
  private readonly logger = new Logger(HungQueryWatchdog.name);
  private readonly timeoutMs: number;
  private readonly watched = new WeakSet<PooledConnection>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly multiStatementPool: MultiStatementPool,
    config: ConfigService<Environment, true>,
  ) {
    this.timeoutMs = config.get('DATABASE_TIMEOUT_MS', { infer: true });
  }

  onApplicationBootstrap(): void {
    const pools = [(this.dataSource.driver as { pool?: Pool }).pool, this.multiStatementPool.pool as Pool | null];
    for (const pool of pools) pool?.on('acquire', (connection) => this.watch(connection));
  }

  private watch(connection: PooledConnection): void {
    if (this.watched.has(connection)) return;
    this.watched.add(connection);
    connection.stream.setTimeout(this.timeoutMs, () => {
      if (!connection._command) return;
      this.logger.warn(`The database did not answer within ${this.timeoutMs} ms: dropping the connection`);
      connection.stream.destroy(Object.assign(new Error('The database did not answer in time'), { code: 'ETIMEDOUT' }));
    });
  }
}
