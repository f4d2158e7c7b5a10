import { createConnection } from 'mysql2/promise';

/**
 * The MySQL pass runs against a database of its own, made here and dropped in teardown;
 * E2E_MYSQL_ADMIN_URL points at the server (the runner sets it), DATABASE_URL then names the new database.
 */
export default async function globalSetup(): Promise<void> {
  const adminUrl = process.env.E2E_MYSQL_ADMIN_URL;
  if (!adminUrl) return;
  const database = `parley_e2e_${process.pid}`;
  const admin = await createConnection(adminUrl);
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  process.env.DATABASE_URL = url.toString();
  process.env.E2E_MYSQL_DATABASE = database;
}
