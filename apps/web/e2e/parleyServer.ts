import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
const API_ENTRY = fileURLToPath(new URL('../../api/dist/main.js', import.meta.url));
const STARTUP_TIMEOUT_MS = 40_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_KEPT_CHARS = 4000;

export interface ParleyServer {
  url: string;
  /** A username made a server admin when it registers (ADMIN_USERNAMES): the tests' own admin, whoever came first. */
  adminUsername: string;
  stop(): Promise<void>;
}

/** The Parley at PARLEY_URL, or else a fresh one started from the API build on a free port with its own database. */
export async function startParley(): Promise<ParleyServer> {
  const existing = process.env.PARLEY_URL;
  if (existing) {
    const adminUsername = process.env.PARLEY_ADMIN_USERNAME;
    if (!adminUsername)
      throw new Error('PARLEY_URL needs PARLEY_ADMIN_USERNAME: a name in that server’s ADMIN_USERNAMES');
    return { url: existing.replace(/\/$/, ''), adminUsername, stop: async () => {} };
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  const databaseUrl = process.env.E2E_DATABASE_URL || `sqlite:${join(dataDir, 'parley.sqlite')}`;
  const adminUsername = `admin-${randomBytes(4).toString('hex')}`;

  let output = '';
  const child = spawn(process.execPath, [API_ENTRY], {
    cwd: WEB_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      FILES_STORAGE: `disk:${join(dataDir, 'files')}`,
      // Without one the API makes a secret and keeps it in a file under its working directory.
      AUTH_SECRET: randomBytes(32).toString('hex'),
      ADMIN_USERNAMES: adminUsername,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT_CHARS));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const stop = async () => {
    await stopProcess(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child);
  } catch (error) {
    await stop();
    throw new Error(`Parley did not start (${API_ENTRY}): ${(error as Error).message}\n${output}`, { cause: error });
  }
  return { url, adminUsername, stop };
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
