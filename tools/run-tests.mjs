// The one test command (README, .ci/run): builds every project, runs every test pass through Nx, and ends with
// one line `N passed, N failed` counting every test of every pass. A pass whose prerequisite is missing (MariaDB,
// Chromium, Docker) is skipped with the reason on a developer's machine; under CI=true a skip is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { adminEnvironment, registerFirstAccount } from './first-account.mjs';

const root = join(import.meta.dirname, '..');
const reports = join(root, 'reports');
const ci = process.env.CI === 'true';
const mysqlAdminUrl = process.env.E2E_MYSQL_ADMIN_URL ?? 'mysql://root@127.0.0.1:3306/test';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', FORCE_COLOR: '0' };

function nx(...args) {
  return spawnSync('npx', ['nx', ...args, '--outputStyle=stream'], { cwd: root, stdio: 'inherit', env }).status === 0;
}

async function mysqlProblem() {
  const { createConnection } = createRequire(join(root, 'apps/api/package.json'))('mysql2/promise');
  try {
    const connection = await createConnection({ uri: mysqlAdminUrl, connectTimeout: 3000 });
    return { connection, problem: null };
  } catch (error) {
    return {
      connection: null,
      problem: `MySQL/MariaDB not reachable at ${mysqlAdminUrl} (${error.code ?? error.message})`,
    };
  }
}

rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const skipped = [];
const passes = [];

console.log('=== build ===');
if (!nx('run-many', '-t', 'build')) {
  console.error('Build failed: no test can run.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

passes.push({ name: 'contracts unit', reports: ['contracts.json'], ok: nx('run', 'contracts:test') });
passes.push({ name: 'api unit', reports: ['api-unit.json'], ok: nx('run', 'api:test') });

const { connection: mysql, problem: mysqlMissing } = await mysqlProblem();
if (mysqlMissing) skipped.push(`API e2e on MySQL: ${mysqlMissing}`);
const apiE2eReports = mysqlMissing ? ['api-e2e-sqlite.json'] : ['api-e2e-mysql.json', 'api-e2e-sqlite.json'];
passes.push({
  name: 'api e2e',
  reports: apiE2eReports,
  ok: (() => {
    const ok = spawnSync('npx', ['nx', 'run', 'api:e2e', '--outputStyle=stream'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, ...(mysqlMissing ? { E2E_ONLY: 'sqlite' } : { E2E_MYSQL_ADMIN_URL: mysqlAdminUrl }) },
    });
    return ok.status === 0;
  })(),
});

passes.push({ name: 'web unit', reports: ['web-unit.json'], ok: nx('run', 'web:test') });

if (!existsSync(chromium)) {
  skipped.push(`browser e2e: no Chromium at ${chromium} (apt-get install -y chromium)`);
} else {
  const browserDatabase = 'parley_browser_e2e';
  let databaseUrl = '';
  if (mysql) {
    await mysql.query(`DROP DATABASE IF EXISTS ${browserDatabase}`);
    await mysql.query(`CREATE DATABASE ${browserDatabase} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const url = new URL(mysqlAdminUrl);
    url.pathname = `/${browserDatabase}`;
    databaseUrl = url.toString();
  }
  const ok =
    spawnSync('npx', ['nx', 'run', 'web:e2e', '--outputStyle=stream'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, CHROMIUM_PATH: chromium, E2E_DATABASE_URL: databaseUrl },
    }).status === 0;
  if (mysql) await mysql.query(`DROP DATABASE IF EXISTS ${browserDatabase}`);
  passes.push({ name: 'browser e2e', reports: ['web-browser.json'], ok });
}
const stackProblem = !mysql
  ? 'MySQL/MariaDB is not reachable'
  : !existsSync(chromium)
    ? `no Chromium at ${chromium}`
    : spawnSync('nginx', ['-v']).error
      ? 'nginx is not installed (apt-get install -y nginx-light)'
      : spawnSync('redis-cli', ['-h', '127.0.0.1', 'ping']).stdout?.toString().trim() !== 'PONG'
        ? 'Redis is not reachable at 127.0.0.1:6379'
        : null;
if (stackProblem) {
  skipped.push(`browser e2e through nginx and two instances: ${stackProblem}`);
} else {
  const { startStack } = await import('./stack/stack.mjs');
  const stackDatabase = 'parley_stack_e2e';
  await mysql.query(`DROP DATABASE IF EXISTS ${stackDatabase}`);
  const url = new URL(mysqlAdminUrl);
  url.pathname = `/${stackDatabase}`;
  let ok = false;
  let stack = null;
  try {
    stack = await startStack({
      port: 8089,
      apiPorts: [3191, 3192],
      databaseUrl: url.toString(),
      env: { REDIS_PREFIX: 'parley-e2e:' },
    });
    const admin = await registerFirstAccount(stack.url);
    console.log(`\n=== browser e2e through nginx at ${stack.url} (two API instances, Redis, MariaDB) ===`);
    ok =
      spawnSync(
        'npx',
        [
          'vitest',
          'run',
          '--config',
          'vitest.e2e.config.ts',
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${join(reports, 'web-browser-stack.json')}`,
        ],
        {
          cwd: join(root, 'apps/web'),
          stdio: 'inherit',
          env: { ...env, CHROMIUM_PATH: chromium, PARLEY_URL: stack.url, ...adminEnvironment(admin) },
        },
      ).status === 0;
  } catch (error) {
    console.error(`The stack did not start: ${error.message}`);
  } finally {
    await stack?.stop();
    await mysql.query(`DROP DATABASE IF EXISTS ${stackDatabase}`);
  }
  passes.push({ name: 'browser e2e through nginx', reports: ['web-browser-stack.json'], ok });
}
await mysql?.end();

// docker-compose.yml as users run it: every image built, the stack up and healthy, the browser e2e and
// tools/compose/compose.e2e.ts from the host through nginx, then down -v (tools/compose/pass.mjs; README,
// "docker-compose").
const { composePassProblem } = await import('./compose/pass.mjs');
const composeProblem = composePassProblem();
if (composeProblem) {
  skipped.push(`docker-compose pass: ${composeProblem}`);
} else {
  const browser = existsSync(chromium);
  if (!browser) skipped.push(`browser e2e through docker-compose: no Chromium at ${chromium}`);
  console.log('\n=== docker-compose: build, up, browser e2e and checks through nginx, down -v ===');
  const ok =
    spawnSync(
      process.execPath,
      [join(root, 'tools/compose/pass.mjs'), '--reports', reports, ...(browser ? [] : ['--no-browser'])],
      { cwd: root, stdio: 'inherit', env: { ...env, CHROMIUM_PATH: chromium } },
    ).status === 0;
  passes.push({
    name: 'docker-compose',
    reports: browser ? ['web-browser-compose.json', 'compose.json'] : ['compose.json'],
    ok,
  });
}

let passed = 0;
let failed = 0;
console.log('\n=== summary ===');
for (const pass of passes) {
  let passPassed = 0;
  let passFailed = 0;
  for (const file of pass.reports) {
    const path = join(reports, file);
    if (!existsSync(path)) {
      passFailed += 1;
      console.log(`  ${pass.name}: no report ${file} (the runner crashed before reporting)`);
      continue;
    }
    const report = JSON.parse(readFileSync(path, 'utf8'));
    passPassed += report.numPassedTests;
    passFailed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  }
  if (!pass.ok && passFailed === 0) passFailed = 1;
  console.log(`  ${pass.name}: ${passPassed} passed, ${passFailed} failed`);
  passed += passPassed;
  failed += passFailed;
}
for (const reason of skipped) console.log(`  SKIPPED ${reason}`);
if (ci && skipped.length > 0) {
  console.log('  Under CI=true nothing may be skipped: each skip counts as a failure.');
  failed += skipped.length;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
