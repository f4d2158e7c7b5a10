import { startTestApp, type TestApp } from './support/test-app.js';

describe('database schema', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp();
  });

  afterAll(() => server.close());

  it('ran every migration on start', async () => {
    expect(await server.dataSource.showMigrations()).toBe(false);
  });

  it('matches the entities, so no entity changed without a migration (what `migration:generate --check` checks)', async () => {
    const pending = await server.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it(`runs on the engine this pass is for (${process.env.E2E_DATABASE})`, () => {
    const expected = process.env.E2E_DATABASE === 'mysql' ? 'mariadb' : 'better-sqlite3';
    expect(server.dataSource.options.type).toBe(expected);
  });
});
