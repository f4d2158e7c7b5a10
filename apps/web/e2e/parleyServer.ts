import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';

const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_ENTRY = fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));
const STARTUP_TIMEOUT_MS = 40_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_KEPT_CHARS = 4000;

export interface ParleyServer {
  url: string;
  /**
   * The server's admin account when it has one already (PARLEY_ADMIN_USERNAME and PARLEY_ADMIN_PASSWORD with
   * PARLEY_URL); null for a server started here, on a database of its own, whose first account becomes its admin.
   * A shared server without them fails the test that asks, saying so.
   */
  admin(): { username: string; password: string } | null;
  stop(): Promise<void>;
}

/** The Parley at PARLEY_URL, or else a fresh one started from the API build on a free port with its own database. */
export async function startParley(): Promise<ParleyServer> {
  const existing = process.env.PARLEY_URL;
  if (existing) {
    const { PARLEY_ADMIN_USERNAME: username, PARLEY_ADMIN_PASSWORD: password } = process.env;
    const admin = () => {
      if (!username || !password) {
        throw new Error(
          'PARLEY_URL is a shared server: give its admin as PARLEY_ADMIN_USERNAME and PARLEY_ADMIN_PASSWORD',
        );
      }
      return { username, password };
    };
    return { url: existing.replace(/\/$/, ''), admin, stop: async () => {} };
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  const database = await ownDatabase(dataDir);

  let output = '';
  const child = spawn(process.execPath, [API_ENTRY], {
    cwd: WEB_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      FILES_STORAGE: `disk:${join(dataDir, 'files')}`,
      // Without one the API makes a secret and keeps it in a file under its working directory.
      AUTH_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    await stopProcess(child);
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await stop();
    throw new Error(`Parley did not start (${API_ENTRY}): ${(error as Error).message}\n${output}`, { cause: error });
  }
  return { url, admin: () => null, stop };
}

/**
 * A database no other server uses, so its first account is this server's admin: a SQLite file in `dataDir`, or, with
 * E2E_DATABASE_URL (MySQL), a database of its own on that server, dropped when the server stops.
 */
async function ownDatabase(dataDir: string): Promise<{ url: string; drop(): Promise<void> }> {
  const shared = process.env.E2E_DATABASE_URL;
  if (!shared) return { url: `sqlite:${join(dataDir, 'parley.sqlite')}`, drop: async () => {} };
  const url = new URL(shared);
  const name = `${url.pathname.slice(1)}_${randomBytes(4).toString('hex')}`;
  url.pathname = '/';
  const server = url.toString();
  const run = async (statement: string) => {
    const connection = await createConnection(server);
    await connection.query(statement);
    await connection.end();
  };
  await run(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS \`${name}\``) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`GET /api/health did not answer 200 within ${STARTUP_TIMEOUT_MS} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
