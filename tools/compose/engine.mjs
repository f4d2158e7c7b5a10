// The Docker engine for the compose test pass: the one that answers when there is one, else dockerd started here
// (nothing starts it on a CI machine) and stopped again by its pid. A machine-wide lock keeps two passes from
// building at once or sharing an engine that one of them then stops.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOCK = join(tmpdir(), 'parley-compose-pass.lock');
const ENGINE_START_TIMEOUT_MS = 60_000;
const ENGINE_STOP_TIMEOUT_MS = 30_000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `command` can be run at all. */
export function installed(command) {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).error === undefined;
}

export function engineAnswers() {
  return (
    spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 20_000 }).status === 0
  );
}

/** Why no engine can be had here, or null. */
export function engineProblem() {
  if (!installed('docker')) return 'the docker CLI is not installed (apt-get install docker.io)';
  if (engineAnswers()) return null;
  if (!installed('dockerd')) return 'no Docker engine answers and dockerd is not installed (apt-get install docker.io)';
  if (process.getuid?.() !== 0) return 'no Docker engine answers, and starting dockerd needs root';
  return null;
}

/** Starts dockerd in the background; resolves once it answers, to a handle that stops it by its pid. */
export async function startEngine(log) {
  const logPath = join(tmpdir(), 'parley-dockerd.log');
  const output = openSync(logPath, 'w');
  const child = spawn('dockerd', [], { stdio: ['ignore', output, output] });
  closeSync(output);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(child.pid, 'SIGKILL'), ENGINE_STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    log(`stopped dockerd (pid ${child.pid})`);
  };
  const deadline = Date.now() + ENGINE_START_TIMEOUT_MS;
  while (!engineAnswers()) {
    if (child.exitCode !== null) throw new Error(`dockerd exited with ${child.exitCode} at start; its log: ${logPath}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`dockerd did not answer within ${ENGINE_START_TIMEOUT_MS / 1000} s; its log: ${logPath}`);
    }
    await sleep(250);
  }
  log(`started dockerd (pid ${child.pid}; log ${logPath})`);
  return { pid: child.pid, stop };
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Waits until no other pass holds the lock, takes it, and resolves to its release. */
export async function acquireLock(log) {
  for (let waited = false; ;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return () => rmSync(LOCK, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder;
    let age;
    try {
      holder = Number(readFileSync(LOCK, 'utf8'));
      age = Date.now() - statSync(LOCK).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    // A holder that died leaves its lock behind; an empty one is being written, unless it has stayed empty.
    if (holder ? !alive(holder) : age > 10_000) {
      rmSync(LOCK, { force: true });
      continue;
    }
    if (!waited) log(`waiting for the compose pass of pid ${holder} to finish (lock ${LOCK})`);
    waited = true;
    await sleep(2000);
  }
}
