import { createConnection } from 'mysql2/promise';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.E2E_MYSQL_ADMIN_URL;
  const database = process.env.E2E_MYSQL_DATABASE;
  if (!adminUrl || !database) return;
  const admin = await createConnection(adminUrl);
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.end();
}
