import { ConfigService } from '@nestjs/config';
import { EventEmitter } from 'node:events';
import { createServer, Socket, type Server } from 'node:net';
import type { DataSource } from 'typeorm';
import type { Environment } from '../config/environment.js';
import { HungQueryWatchdog } from './hung-query-watchdog.js';
import type { MultiStatementPool } from './multi-statement-pool.js';

const TIMEOUT_MS = 60;

/** The app's pool and the writer's, handing out connections over real loopback sockets to a server that never answers. */
async function setUp() {
  const server: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const pools = { app: new EventEmitter(), writer: new EventEmitter() };
  const dataSource = { driver: { pool: pools.app } } as unknown as DataSource;
  const multiStatementPool = { pool: pools.writer } as unknown as MultiStatementPool;
  const config = new ConfigService<Environment, true>({ DATABASE_TIMEOUT_MS: TIMEOUT_MS });
  new HungQueryWatchdog(dataSource, multiStatementPool, config).onApplicationBootstrap();
  const acquire = async (command: unknown, from: keyof typeof pools = 'app') => {
    const stream = new Socket();
    await new Promise<void>((resolve) =>
      stream.connect((server.address() as { port: number }).port, '127.0.0.1', resolve),
    );
    stream.on('error', () => undefined);
    stream.unref();
    const connection = { stream, _command: command };
    pools[from].emit('acquire', connection);
    return connection;
  };
  return { acquire };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HungQueryWatchdog', () => {
  it('drops a connection whose statement got no answer within the timeout', async () => {
    const { acquire } = await setUp();
    const hung = await acquire({ sql: 'SELECT 1' });
    await wait(TIMEOUT_MS * 3);
    expect(hung.stream.destroyed).toBe(true);
  });

  it("drops a hung connection of the message writer's multi-statement pool too", async () => {
    const { acquire } = await setUp();
    const hung = await acquire({ sql: 'START TRANSACTION; …' }, 'writer');
    await wait(TIMEOUT_MS * 3);
    expect(hung.stream.destroyed).toBe(true);
  });

  it('leaves idle pooled connections alone, however long they idle (mysql2 leaves _command undefined then)', async () => {
    const { acquire } = await setUp();
    const idle = [await acquire(undefined), await acquire(null)];
    await wait(TIMEOUT_MS * 3);
    try {
      expect(idle.map((connection) => connection.stream.destroyed)).toEqual([false, false]);
    } finally {
      idle.forEach((connection) => connection.stream.destroy());
    }
  });
});
