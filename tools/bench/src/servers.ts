import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { startStack } from '../../stack/stack.mjs';

export const ROOT = join(import.meta.dirname, '../../..');
export const SERVER_CORE = 0;
export const GENERATOR_CORE = 1;

/** `nproc --all`: inside taskset, plain nproc counts only the cores this process may use. */
export const tasksetAvailable =
  spawnSync('taskset', ['--version']).status === 0 &&
  Number(spawnSync('nproc', ['--all']).stdout?.toString().trim() ?? '1') > 1;

/** What the server side uses besides its own processes, whose CPU is reported on top of the server's. */
export type Service = 'MariaDB' | 'Redis';

export interface Target {
  kind: 'parley' | 'baseline';
  label: string;
  httpUrl: string;
  wsUrl: string;
  /** Every WebSocket base URL clients may use: they are spread over them round-robin. */
  wsUrls: string[];
  /** The server side's processes, all on the server core: their CPU is the server's CPU. */
  pids(): number[];
  services: Service[];
  /** Resident memory of the server side's processes, in bytes. */
  rss(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `node <script>` on the server core with a high file limit; `exec` keeps the pid that of node itself. */
/**
 * BENCH_PARLEY_NODE=<path to a node binary> runs every Parley instance on that Node (say, 24 from
 * `npm install node@24`), while the generator and the bare broadcaster stay on the one running the bench.
 */
export const PARLEY_NODE = process.env.BENCH_PARLEY_NODE ?? 'node';

function spawnPinned(script: string, env: Record<string, string>, nodeFlags = '', node = 'node'): ChildProcess {
  const pin = tasksetAvailable ? `taskset -c ${SERVER_CORE} ` : '';
  return spawn('bash', ['-c', `ulimit -n "$(ulimit -Hn)"; exec ${pin}${node} ${nodeFlags} "${script}"`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function started(child: ChildProcess, kind: Target['kind'], label: string, port: number, health: string) {
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const httpUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited during start-up:\n${output}`);
    try {
      if ((await fetch(`${httpUrl}${health}`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${label} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const target: Target = {
    kind,
    label,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    wsUrls: [`ws://127.0.0.1:${port}`],
    pids: () => [child.pid!],
    services: kind === 'parley' ? ['MariaDB'] : [],
    rss: () => residentBytes(child.pid!),
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return target;
}

function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return Number(kib) * 1024;
}

/** The bench's own MySQL database, made empty at the start of each Parley run and dropped at the end. */
export class BenchDatabase {
  private constructor(
    private readonly admin: Connection,
    readonly url: string,
    readonly name: string,
  ) {}

  static async create(adminUrl: string): Promise<BenchDatabase> {
    const admin = await createConnection(adminUrl);
    const name = `parley_bench_${process.pid}`;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = new BenchDatabase(admin, url.toString(), name);
    await database.reset();
    return database;
  }

  async reset(): Promise<void> {
    await this.admin.query(`DROP DATABASE IF EXISTS ${this.name}`);
    await this.admin.query(`CREATE DATABASE ${this.name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }

  query(sql: string, values?: unknown[]): Promise<unknown> {
    return this.admin.query(`/* bench */ ${sql.replaceAll('{db}', this.name)}`, values);
  }

  async drop(): Promise<void> {
    await this.admin.query(`DROP DATABASE IF EXISTS ${this.name}`);
    await this.admin.end();
  }
}

/** Parley as it ships, for a bench: production mode, logging at warn, every rate and connection limit off. */
const PARLEY_SETTINGS = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  WEB_DIST_DIR: '',
  WS_RATE_BURST: '0',
  WS_MAX_CONN_PER_IP: '0',
  ROOM_CREATE_PER_MIN: '0',
  REST_WRITES_PER_MIN: '0',
  SEARCH_PER_MIN: '0',
  AUTH_SECRET: 'bench-secret-not-for-production-use-0000',
};

/**
 * BENCH_PROFILE_DIR=<dir> makes every single Parley instance (not the stack's) write a CPU profile there when it
 * stops (`node --cpu-prof`), for the scenarios chosen with --only; open it in Chrome's DevTools or speedscope.
 */
const PROFILE_FLAGS = process.env.BENCH_PROFILE_DIR
  ? `--cpu-prof --cpu-prof-dir="${process.env.BENCH_PROFILE_DIR}"`
  : '';

/** The built API, one process on the server core, on MariaDB. */
export async function startParley(database: BenchDatabase, extraEnv: Record<string, string> = {}): Promise<Target> {
  const port = await freePort();
  const child = spawnPinned(
    join(ROOT, 'apps/api/dist/main.js'),
    {
      ...PARLEY_SETTINGS,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: database.url,
      ...extraEnv,
    },
    PROFILE_FLAGS,
    PARLEY_NODE,
  );
  const label = extraEnv.MESSAGE_BATCH_MAX === '1' ? 'Parley, one INSERT per message' : 'Parley';
  return started(child, 'parley', label, port, '/api/health');
}

/**
 * The production topology as `npm run stack` starts it (tools/stack: two API instances on MariaDB and Redis behind
 * nginx, from deploy/nginx's template), every process of it moved onto the server core: the stack has the CPU one
 * instance has, so what it costs more is the cost of scaling out.
 */
export async function startStackTarget(
  database: BenchDatabase,
  redisUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<Target> {
  const [port, ...apiPorts] = [await freePort(), await freePort(), await freePort()];
  const stack = await startStack({
    port,
    apiPorts,
    databaseUrl: database.url,
    redisUrl,
    env: { ...PARLEY_SETTINGS, REDIS_PREFIX: `parley-bench-${process.pid}:`, ...extraEnv },
  });
  // nginx is this process's child (startStack spawned it); its worker is the master's.
  const nginx = childPids(process.pid, 'nginx');
  const pids = [
    ...stack.instances.map((instance) => instance.child.pid!),
    ...nginx,
    ...nginx.flatMap((master) => childPids(master)),
  ];
  // Spawned from this generator, they inherited its core.
  pids.forEach(moveToServerCore);
  const url = new URL(stack.url);
  return {
    kind: 'parley',
    label: 'stack: 2 instances + Redis + nginx',
    httpUrl: stack.url,
    wsUrl: `ws://${url.host}`,
    wsUrls: [`ws://${url.host}`],
    pids: () => pids,
    services: ['MariaDB', 'Redis'],
    rss: () => pids.reduce((sum, pid) => sum + residentBytes(pid), 0),
    stop: () => stack.stop(),
  };
}

/** Every thread of the process; threads it starts later inherit it. */
function moveToServerCore(pid: number): void {
  if (tasksetAvailable) spawnSync('taskset', ['-a', '-p', '-c', String(SERVER_CORE), String(pid)]);
}

function childPids(parent: number, name?: string): number[] {
  const output = spawnSync('pgrep', ['-P', String(parent), ...(name ? ['-x', name] : [])]).stdout?.toString() ?? '';
  return output.split('\n').filter(Boolean).map(Number);
}

export async function startBaseline(): Promise<Target> {
  const port = await freePort();
  const child = spawnPinned(join(import.meta.dirname, 'baseline-server.js'), { PORT: String(port) });
  return started(child, 'baseline', 'bare ws', port, '/');
}
