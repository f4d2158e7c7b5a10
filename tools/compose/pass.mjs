// The docker-compose test pass (README, "docker-compose"), run by tools/run-tests.mjs and so by .ci/run:
// builds every image of docker-compose.yml and starts it as users do (`up --build`), waits for every health check,
// then from the host through nginx's published port runs the browser e2e (apps/web/e2e) and the checks of
// compose.e2e.ts (the last of which is `down -v`), and takes everything down. Starts the Docker engine when none
// answers and stops it again by its pid.
//   node tools/compose/pass.mjs [--reports <dir>] [--no-browser]
// Images: by default the local stand-ins of standins.mjs (this CI cannot pull), swapped in by
// docker-compose.standins.yml; PARLEY_COMPOSE_IMAGES=upstream uses the upstream images (needs Docker Hub).
// EXTRA_CA_CERTS, when set, is passed to the builds as it is; else the CAs this host trusts beyond Node's own are.
import { spawnSync } from 'node:child_process';
import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { rootCertificates } from 'node:tls';
import { adminEnvironment, registerFirstAccount } from '../first-account.mjs';
import { acquireLock, engineAnswers, engineProblem, installed, startEngine } from './engine.mjs';
import { ComposeProject, docker, findCompose, ROOT } from './project.mjs';
import { ensureStandIns, STANDIN_IMAGES } from './standins.mjs';

const PROJECT = 'parley-test';
const IMAGES = ['parley-api', 'parley-web'];
const useStandIns = process.env.PARLEY_COMPOSE_IMAGES !== 'upstream';

/** Why the pass cannot run on this machine, or null. */
export function composePassProblem() {
  const engine = engineProblem();
  if (engine) return engine;
  if (!findCompose()) return 'neither docker-compose nor the docker compose plugin is installed';
  if (useStandIns && (!installed('debootstrap') || process.getuid?.() !== 0)) {
    return 'the local stand-in images need debootstrap (apt-get install debootstrap) and root; PARLEY_COMPOSE_IMAGES=upstream uses the upstream images instead';
  }
  return null;
}

const log = (message) => console.log(`[compose] ${message}`);
const seconds = (since) => Math.round((Date.now() - since) / 100) / 10;

/** PEM text of the CAs this host trusts that Node does not already: the host's bundle and NODE_EXTRA_CA_CERTS. */
function hostExtraCaCerts() {
  const known = new Set(rootCertificates.map((pem) => new X509Certificate(pem).fingerprint256));
  const files = [process.env.SSL_CERT_FILE ?? '/etc/ssl/certs/ca-certificates.crt', process.env.NODE_EXTRA_CA_CERTS];
  const extra = new Map();
  for (const file of files) {
    if (!file || !existsSync(file)) continue;
    for (const pem of readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ??
      []) {
      const { fingerprint256 } = new X509Certificate(pem);
      if (!known.has(fingerprint256)) extra.set(fingerprint256, pem);
    }
  }
  return [...extra.values()].join('\n');
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function imageIds() {
  return IMAGES.map((image) => spawnSync('docker', ['image', 'inspect', '-f', '{{.Id}}', image], { encoding: 'utf8' }))
    .filter((result) => result.status === 0)
    .map((result) => result.stdout.trim());
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

/** Each image's size, and what it adds to its base image. */
function imageSizes() {
  const bases = useStandIns
    ? { 'parley-api': STANDIN_IMAGES.node, 'parley-web': STANDIN_IMAGES.nginx }
    : { 'parley-api': 'node:24-bookworm-slim', 'parley-web': 'nginx:1.27-alpine' };
  const size = (image) => Number(docker('image', 'inspect', '-f', '{{.Size}}', image));
  return IMAGES.map((image) => {
    const total = size(image);
    return `${image} ${megabytes(total)} (${megabytes(total - size(bases[image]))} on top of ${bases[image]})`;
  });
}

function vitest(cwd, args, env) {
  return (
    spawnSync('npx', ['vitest', 'run', ...args, '--reporter=default', '--reporter=json'], {
      cwd,
      stdio: 'inherit',
      env: { ...process.env, FORCE_COLOR: '0', ...env },
    }).status === 0
  );
}

async function main() {
  const argv = process.argv.slice(2);
  const reports = resolve(argv.includes('--reports') ? argv[argv.indexOf('--reports') + 1] : join(ROOT, 'reports'));
  const browser = !argv.includes('--no-browser');
  mkdirSync(reports, { recursive: true });
  const problem = composePassProblem();
  if (problem) {
    console.error(`The compose pass cannot run here: ${problem}`);
    process.exit(1);
  }

  const started = Date.now();
  const timings = [];
  const time = (name, since) => timings.push(`${name} ${seconds(since)} s`);
  const release = await acquireLock(log);
  let engine = null;
  let project = null;
  let ok = false;
  const stop = async () => {
    if (project) {
      try {
        project.down();
      } catch (error) {
        console.error(error.message);
        ok = false;
      }
    }
    await engine?.stop();
    release();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  try {
    if (!engineAnswers()) engine = await startEngine(log);
    if (useStandIns) {
      const since = Date.now();
      ensureStandIns(log);
      time('stand-in images', since);
    }
    const port = await freePort();
    const files = ['docker-compose.yml', 'tools/compose/docker-compose.test.yml'];
    if (useStandIns) files.push('tools/compose/docker-compose.standins.yml');
    project = new ComposeProject({
      name: PROJECT,
      files,
      env: {
        AUTH_SECRET: randomBytes(32).toString('hex'),
        PARLEY_PORT: `127.0.0.1:${port}`,
        EXTRA_CA_CERTS: process.env.EXTRA_CA_CERTS ?? hostExtraCaCerts(),
      },
    });
    project.down(); // whatever an interrupted run left

    const previousImages = imageIds();
    let since = Date.now();
    log(`${findCompose().join(' ')} -p ${PROJECT} ${files.map((f) => `-f ${f}`).join(' ')} up -d --build`);
    project.run(['up', '-d', '--build'], { inherit: true });
    time('up --build', since);
    for (const id of previousImages) {
      if (!imageIds().includes(id)) spawnSync('docker', ['image', 'rm', id], { stdio: 'ignore' });
    }
    since = Date.now();
    await project.waitHealthy();
    time('healthy', since);
    const sizes = imageSizes();
    const url = `http://127.0.0.1:${port}`;
    log(`every service is healthy; Parley is at ${url}`);

    let browserOk = true;
    if (browser) {
      since = Date.now();
      log('browser e2e through nginx (apps/web/e2e)');
      const admin = await registerFirstAccount(url);
      browserOk = vitest(
        join(ROOT, 'apps/web'),
        ['--config', 'vitest.e2e.config.ts', `--outputFile.json=${join(reports, 'web-browser-compose.json')}`],
        { PARLEY_URL: url, ...adminEnvironment(admin) },
      );
      time('browser e2e', since);
    }
    since = Date.now();
    log('checks (tools/compose/compose.e2e.ts)');
    const checksOk = vitest(
      ROOT,
      ['--config', 'tools/compose/vitest.config.ts', `--outputFile.json=${join(reports, 'compose.json')}`],
      { ...project.childEnvironment(), PARLEY_URL: url },
    );
    time('checks', since);
    ok = browserOk && checksOk;
    log(`image sizes: ${sizes.join('; ')}`);
  } catch (error) {
    console.error(`[compose] ${error.message}`);
    if (project) {
      try {
        console.error(project.run(['ps', '-a']));
      } catch {
        // nothing more to show
      }
    }
  } finally {
    await stop();
    log(`${ok ? 'passed' : 'FAILED'} in ${seconds(started)} s (${timings.join(', ')})`);
  }
  process.exit(ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
