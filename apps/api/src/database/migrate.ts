import 'reflect-metadata';
import dataSource from './data-source.js';

/** `node dist/database/migrate.js`: runs pending migrations once, for deployments where instances start with DATABASE_MIGRATE=false. */
await dataSource.initialize();
const applied = await dataSource.runMigrations({ transaction: 'each' });
console.log(applied.length === 0 ? 'No pending migrations' : `Applied: ${applied.map((m) => m.name).join(', ')}`);
await dataSource.destroy();
