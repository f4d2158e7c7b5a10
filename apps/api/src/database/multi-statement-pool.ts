import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createPool, type Pool, type PoolConnection, type ResultSetHeader } from 'mysql2/promise';
import type { DataSource, DataSourceOptions } from 'typeorm';
import type { Environment } from '../config/environment.js';

/**
 * A few MySQL connections that take several statements in one query, for the message writer: a whole transaction
 * (begin, update, insert, commit) is then one round trip instead of four. One connection per write lane, as each
 * lane commits one batch at a time. The app's own pool keeps multiple statements off, so nowhere else can a query
 * become two. Connected as the app's pool is (same server, charset, time zone, timeouts); none on SQLite.
 */
@Injectable()
export class MultiStatementPool implements OnApplicationShutdown {
  readonly pool: Pool | null;

  constructor(@InjectDataSource() dataSource: DataSource, config: ConfigService<Environment, true>) {
    const options = dataSource.options;
    this.pool =
      options.type === 'mariadb' || options.type === 'mysql'
        ? createPool(poolOptions(options, config.get('MESSAGE_WRITE_LANES', { infer: true })))
        : null;
  }

  /**
   * Runs `statements` (a transaction, from START TRANSACTION to COMMIT) in one query and returns each one's answer.
   * A statement that fails stops the rest, leaving its transaction open: it is rolled back before the connection
   * goes back to the pool (or, if the connection itself failed, the connection is dropped and the server rolls back).
   */
  async transaction(statements: string, parameters: unknown[]): Promise<ResultSetHeader[]> {
    if (!this.pool) throw new Error('Multi-statement transactions need MySQL/MariaDB');
    const connection = await this.pool.getConnection();
    try {
      const [answers] = await connection.query<ResultSetHeader[]>(statements, parameters);
      connection.release();
      return answers;
    } catch (error) {
      await rollBack(connection);
      throw error;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}

async function rollBack(connection: PoolConnection): Promise<void> {
  try {
    await connection.query('ROLLBACK');
    connection.release();
  } catch {
    connection.destroy();
  }
}

function poolOptions(options: Extract<DataSourceOptions, { type: 'mariadb' | 'mysql' }>, connectionLimit: number) {
  return {
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
    charset: options.charset,
    timezone: options.timezone,
    ...options.extra,
    connectionLimit,
    multipleStatements: true,
  };
}
