// `npm run stack`: the production topology, natively on loopback ports: two API processes on MariaDB and Redis,
// behind nginx (Debian's package) rendered from the same template the docker-compose web image uses.
// Importable too: the scale-out tests and the browser test through nginx start it with startStack().
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const API_MAIN = join(ROOT, 'apps/api/dist/main.js');
const MIGRATE = join(ROOT, 'apps/api/dist/database/migrate.js');
const WEB_DIST = join(ROOT, 'apps/web/dist');
const TEMPLATE = join(ROOT, 'deploy/nginx/parley.conf.template');
const { createConnection } = createRequire(join(ROOT, 'apps/api/package.json'))('mysql2/promise');

/** envsubst limited to PARLEY_* names, as the nginx image's entrypoint does with NGINX_ENVSUBST_FILTER. */
export function renderTemplate(template, values) {
  return template.replace(/\$\{(PARLEY_[A-Z_]+)\}/g, (_, name) => {
    if (!(name in values)) throw new Error(`The nginx template needs ${name}`);
    return values[name];
  });
}

async function waitHealthy(url, child, output) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited during start-up:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`not healthy after 30 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startApi(port, env) {
  const child = spawn(process.execPath, [API_MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { port, child, exited, output: () => output };
}

/**
 * Starts the stack; resolves once nginx answers /api/health. Options: port (nginx, default 8080), apiPorts
 * (default [3101, 3102]), databaseUrl (default mysql://root@127.0.0.1:3306/parley_stack, created if missing),
 * redisUrl (default redis://127.0.0.1:6379), env (extra API settings).
 */
export async function startStack(options = {}) {
  const port = options.port ?? 8080;
  const apiPorts = options.apiPorts ?? [3101, 3102];
  const databaseUrl = options.databaseUrl ?? 'mysql://root@127.0.0.1:3306/parley_stack';
  const redisUrl = options.redisUrl ?? 'redis://127.0.0.1:6379';
  if (spawnSync('nginx', ['-v']).error) throw new Error('nginx is not installed (apt-get install -y nginx-light)');

  const database = new URL(databaseUrl);
  const name = database.pathname.slice(1);
  const admin = await createConnection({
    uri: `${database.protocol}//${database.username ? `${database.username}@` : ''}${database.host}/`,
  });
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const migrated = spawnSync(process.execPath, [MIGRATE], { env: { ...process.env, DATABASE_URL: databaseUrl } });
  if (migrated.status !== 0) throw new Error(`Migrations failed:\n${migrated.stderr}`);

  const env = {
    DATABASE_URL: databaseUrl,
    DATABASE_MIGRATE: 'false',
    REDIS_URL: redisUrl,
    TRUST_PROXY: 'true',
    WEB_DIST_DIR: '',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const instances = apiPorts.map((apiPort) => startApi(apiPort, env));
  const runDir = mkdtempSync(join(tmpdir(), 'parley-stack-'));
  let nginx;
  const stop = async () => {
    nginx?.kill('SIGQUIT');
    for (const instance of instances) instance.child.kill('SIGTERM');
    await Promise.all([
      ...instances.map((instance) => instance.exited),
      nginx ? new Promise((r) => nginx.once('exit', r)) : null,
    ]);
    rmSync(runDir, { recursive: true, force: true });
  };
  try {
    await Promise.all(
      instances.map((instance) =>
        waitHealthy(`http://127.0.0.1:${instance.port}/api/health`, instance.child, instance.output),
      ),
    );
    const site = renderTemplate(readFileSync(TEMPLATE, 'utf8'), {
      PARLEY_LISTEN: `127.0.0.1:${port}`,
      PARLEY_UPSTREAMS: apiPorts.map((apiPort) => `server 127.0.0.1:${apiPort} max_fails=1 fail_timeout=5s;`).join(' '),
      PARLEY_WEB_ROOT: WEB_DIST,
    });
    writeFileSync(join(runDir, 'parley.conf'), site);
    writeFileSync(
      join(runDir, 'nginx.conf'),
      [
        'daemon off;',
        // Started by root (CI, a container), nginx would hand requests to workers running as nobody, who cannot read a
        // checkout only root may enter (a clone in a mkdtemp folder): the workers run as whoever started the stack.
        ...(process.getuid?.() === 0 ? ['user root;'] : []),
        'worker_processes 1;',
        `pid ${join(runDir, 'nginx.pid')};`,
        `error_log ${join(runDir, 'error.log')} warn;`,
        'events { worker_connections 4096; }',
        'http {',
        '  include /etc/nginx/mime.types;',
        `  access_log off;`,
        `  client_body_temp_path ${runDir}/client_body; proxy_temp_path ${runDir}/proxy;`,
        `  fastcgi_temp_path ${runDir}/fastcgi; uwsgi_temp_path ${runDir}/uwsgi; scgi_temp_path ${runDir}/scgi;`,
        `  include ${join(runDir, 'parley.conf')};`,
        '}',
      ].join('\n'),
    );
    nginx = spawn('nginx', ['-c', join(runDir, 'nginx.conf'), '-p', runDir], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}`;
    await waitHealthy(`${url}/api/health`, nginx, () => readFileSync(join(runDir, 'error.log'), 'utf8'));
    return { url, instances, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stack = await startStack({ port: Number(process.env.STACK_PORT ?? 8080) });
  console.log(
    `Parley (2 API instances on ${stack.instances.map((i) => i.port).join(', ')}, Redis, MariaDB) behind nginx:`,
  );
  console.log(`  ${stack.url}/   — Ctrl+C stops everything`);
  const shutdown = () => stack.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
