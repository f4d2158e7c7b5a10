import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options.js';

/** For the TypeORM CLI (`migration:generate --check`, `migration:run`), configured by DATABASE_URL like the app. */
export default new DataSource(databaseOptions(process.env.DATABASE_URL || undefined, false));
