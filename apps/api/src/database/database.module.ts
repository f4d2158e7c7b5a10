import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Environment } from '../config/environment.js';
import { databaseOptions } from './database-options.js';
import { HungQueryWatchdog } from './hung-query-watchdog.js';
import { MultiStatementPool } from './multi-statement-pool.js';
import { Transactions } from './transactions.js';

/** The connection to MySQL/MariaDB or SQLite, as DATABASE_URL says, with its timeouts. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        ...databaseOptions(
          config.get('DATABASE_URL', { infer: true }),
          config.get('DATABASE_MIGRATE', { infer: true }),
          config.get('DATABASE_TIMEOUT_MS', { infer: true }),
        ),
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [MultiStatementPool, HungQueryWatchdog, Transactions],
  exports: [MultiStatementPool, Transactions],
})
export class DatabaseModule {}
