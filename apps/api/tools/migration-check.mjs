// Fails when an entity changed without a migration: runs the migrations on a scratch database of each engine,
// then asks TypeORM whether the entities still differ from the schema (`migration:generate --check`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cli = join(import.meta.dirname, '../../../node_modules/typeorm/cli.js');
const dataSource = join(import.meta.dirname, '../dist/database/data-source.js');

function check(databaseUrl) {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  execFileSync('node', [cli, 'migration:run', '-d', dataSource], { env, stdio: 'inherit' });
  execFileSync('node', [cli, 'migration:generate', '--check', '-d', dataSource, 'unused'], { env, stdio: 'inherit' });
}

const scratch = mkdtempSync(join(tmpdir(), 'parley-migrations-'));
try {
  check(`sqlite:${join(scratch, 'check.sqlite')}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const mysqlAdmin = process.env.MIGRATION_CHECK_MYSQL_URL;
if (mysqlAdmin) {
  const { createConnection } = await import('mysql2/promise');
  const database = `parley_migrations_${process.pid}`;
  const admin = await createConnection(mysqlAdmin);
  await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  try {
    const url = new URL(mysqlAdmin);
    url.pathname = `/${database}`;
    check(url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${database}`);
    await admin.end();
  }
}
