import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Environment } from '../config/environment.js';
import { MysqlSearchIndex } from './mysql-search-index.js';
import { MysqlSearchPurge } from './mysql-search-purge.js';
import { SearchIndex } from './search-index.js';
import { SqliteSearchIndex } from './sqlite-search-index.js';

/** The search engine of the database Parley runs on, for the writers of the log and for search alike. */
@Module({
  providers: [
    {
      provide: SearchIndex,
      inject: [getDataSourceToken(), ConfigService],
      useFactory: (dataSource: DataSource, config: ConfigService<Environment, true>): SearchIndex =>
        dataSource.options.type === 'better-sqlite3'
          ? new SqliteSearchIndex(dataSource)
          : new MysqlSearchIndex(
              dataSource,
              new MysqlSearchPurge(dataSource, config.get('SEARCH_PURGE_INTERVAL', { infer: true })),
              config.get('SEARCH_TIMEOUT_MS', { infer: true }),
            ),
    },
  ],
  exports: [SearchIndex],
})
export class SearchIndexModule {}
