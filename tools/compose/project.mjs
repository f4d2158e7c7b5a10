// One docker-compose project of the compose test pass: docker-compose.yml as users run it, plus this folder's
// override files, under its own project name and with the environment the run needs. The pass (pass.mjs) creates it;
// the checks (compose.e2e.ts) get it back from the environment with ComposeProject.fromEnvironment().
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installed, sleep } from './engine.mjs';

export const ROOT = join(import.meta.dirname, '../..');
/** The services that keep running, each with a health check. */
export const LONG_RUNNING = ['mysql', 'redis', 'api-1', 'api-2', 'web'];

let composeCommand;
/** `docker-compose` (1.29 here), else the `docker compose` plugin, else null. */
export function findCompose() {
  if (composeCommand === undefined) {
    composeCommand = installed('docker-compose')
      ? ['docker-compose']
      : spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0
        ? ['docker', 'compose']
        : null;
  }
  return composeCommand;
}

function spawn(command, args, options) {
  return spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

export function docker(...args) {
  const result = spawn('docker', args);
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

export class ComposeProject {
  /**
   * name: the project name; files: compose files relative to the repository root; env: variables the files
   * interpolate (AUTH_SECRET, PARLEY_PORT, EXTRA_CA_CERTS).
   */
  constructor({ name, files, env }) {
    this.name = name;
    this.files = files;
    this.env = env;
  }

  static fromEnvironment() {
    const { PARLEY_COMPOSE_PROJECT: name, PARLEY_COMPOSE_FILES: files } = process.env;
    if (!name || !files) throw new Error('PARLEY_COMPOSE_PROJECT and PARLEY_COMPOSE_FILES are set by pass.mjs');
    return new ComposeProject({ name, files: files.split(','), env: {} });
  }

  /** What a child process needs to get this project back with fromEnvironment(). */
  childEnvironment() {
    return { ...this.env, PARLEY_COMPOSE_PROJECT: this.name, PARLEY_COMPOSE_FILES: this.files.join(',') };
  }

  /** Runs a compose command; `inherit` streams its output instead of returning it. */
  run(args, { inherit = false } = {}) {
    const [command, ...prefix] = findCompose();
    const result = spawn(command, [...prefix, '-p', this.name, ...this.files.flatMap((f) => ['-f', f]), ...args], {
      cwd: ROOT,
      stdio: inherit ? 'inherit' : 'pipe',
      // The legacy builder: compose 1.29 has no BuildKit support.
      env: { ...process.env, ...this.env, COMPOSE_DOCKER_CLI_BUILD: '0', DOCKER_BUILDKIT: '0' },
    });
    if (result.status !== 0) {
      throw new Error(`${findCompose().join(' ')} ${args.join(' ')} failed (${result.status}): ${result.stderr ?? ''}`);
    }
    return (result.stdout ?? '').trim();
  }

  /** Container ids of a service, stopped ones too. */
  containers(service) {
    return this.run(['ps', '-a', '-q', service]).split('\n').filter(Boolean);
  }

  container(service) {
    const ids = this.containers(service);
    if (ids.length !== 1) throw new Error(`${service} has ${ids.length} containers, not 1`);
    return ids[0];
  }

  inspect(service) {
    return JSON.parse(docker('inspect', this.container(service)))[0];
  }

  /** The service's address on the project's network, which the host reaches directly. */
  address(service) {
    const networks = Object.values(this.inspect(service).NetworkSettings.Networks);
    return networks[0].IPAddress;
  }

  logs(service) {
    const result = spawn('docker', ['logs', this.container(service)]);
    return `${result.stdout}${result.stderr}`;
  }

  /** Resolves once every service is healthy; fails at once when one turns unhealthy or stops. */
  async waitHealthy(services = LONG_RUNNING, timeoutMs = 240_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = services.map((service) => [service, this.inspect(service).State]);
      const broken = states.find(([, state]) => !state.Running || state.Health?.Status === 'unhealthy');
      if (broken) {
        const [service, state] = broken;
        throw new Error(`${service} is ${state.Health?.Status ?? state.Status}:\n${this.logs(service).slice(-3000)}`);
      }
      const waiting = states.filter(([, state]) => state.Health?.Status !== 'healthy').map(([service]) => service);
      if (waiting.length === 0) return;
      if (Date.now() > deadline) throw new Error(`not healthy after ${timeoutMs / 1000} s: ${waiting.join(', ')}`);
      await sleep(1000);
    }
  }

  /** `down -v`: containers, networks and volumes of the project removed. */
  down() {
    this.run(['down', '-v', '--remove-orphans', '--timeout', '20']);
  }

  /** What of this project still exists on the engine, by compose's project label. */
  leftovers() {
    const filter = `label=com.docker.compose.project=${this.name}`;
    const list = (...args) =>
      docker(...args, '-q', '--filter', filter)
        .split('\n')
        .filter(Boolean);
    return {
      containers: list('ps', '-a'),
      networks: list('network', 'ls'),
      volumes: list('volume', 'ls'),
    };
  }
}
