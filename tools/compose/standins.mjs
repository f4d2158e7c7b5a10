// Local stand-ins for the upstream images that docker-compose.yml and the Dockerfiles name, for machines that cannot
// pull any (this CI): a Debian base made with debootstrap, and on it the images of standins/<name>/. They are swapped
// in by docker-compose.standins.yml (image: and the Dockerfiles' NODE_IMAGE/NGINX_IMAGE build arguments), so the
// user-facing files stay as they are. Each image carries a label with a hash of its recipe and is rebuilt only when
// that changes: a warm run reuses them all.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const HERE = import.meta.dirname;
const LABEL = 'parley.standin.recipe';
const SUITE = 'bookworm';
const HOST_SOURCES = '/etc/apt/sources.list.d/debian.sources';
// This machine's Node installation, which the node stand-in copies.
const NODE_PREFIX = dirname(dirname(process.execPath));

/** The tags docker-compose.standins.yml refers to. */
export const STANDIN_IMAGES = {
  node: 'parley-standin/node:20',
  mysql: 'parley-standin/mysql:8.4',
  redis: 'parley-standin/redis:7',
  nginx: 'parley-standin/nginx:1.27',
};
const BASE_IMAGE = 'parley-standin/debian:bookworm';

// Like Debian's -slim images: no documentation, manuals or translations from any package installed later either.
const DPKG_SLIM = [
  'path-exclude /usr/share/doc/*',
  'path-include /usr/share/doc/*/copyright',
  'path-exclude /usr/share/man/*',
  'path-exclude /usr/share/info/*',
  'path-exclude /usr/share/locale/*',
  'path-exclude /usr/share/lintian/*',
  '',
].join('\n');
// As in Debian's own images: apt keeps no package files or caches in the layers.
const APT_CLEAN = [
  'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };',
  'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };',
  'Dir::Cache::pkgcache "";',
  'Dir::Cache::srcpkgcache "";',
  '',
].join('\n');
// Packages must not try to start services while an image is built.
const POLICY_RC_D = '#!/bin/sh\nexit 101\n';

function docker(args, options = {}) {
  const result = spawnSync('docker', args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...options,
    env: { ...process.env, DOCKER_BUILDKIT: '0', ...options.env },
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-4000);
    throw new Error(`docker ${args[0]} failed (${result.status ?? result.error?.message}):\n${output}`);
  }
  return String(result.stdout ?? '').trim();
}

function labelOf(tag) {
  const result = spawnSync('docker', ['image', 'inspect', '-f', `{{index .Config.Labels "${LABEL}"}}`, tag], {
    encoding: 'utf8',
  });
  return result.status === 0 ? result.stdout.trim() : null;
}

function imageId(tag) {
  return docker(['image', 'inspect', '-f', '{{.Id}}', tag]);
}

function hash(...parts) {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex').slice(0, 16);
}

/** Every file under `dir`, as path and content, in a stable order. */
function filesOf(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
    .flatMap((path) => [path.slice(dir.length), readFileSync(path)]);
}

/** The Debian mirror of the host's own apt sources (debootstrap and the images' apt use it). */
function hostMirror() {
  if (existsSync(HOST_SOURCES)) {
    for (const stanza of readFileSync(HOST_SOURCES, 'utf8').split(/\n\s*\n/)) {
      const suites = /^Suites:\s*(.+)$/m.exec(stanza)?.[1].split(/\s+/) ?? [];
      const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
      if (uri && suites.includes(SUITE)) return uri;
    }
  }
  if (existsSync('/etc/apt/sources.list')) {
    const line = new RegExp(`^deb\\s+(\\S+)\\s+${SUITE}\\s`, 'm').exec(readFileSync('/etc/apt/sources.list', 'utf8'));
    if (line) return line[1];
  }
  return 'http://deb.debian.org/debian';
}

/** A minimal Debian bookworm made with debootstrap, imported as an image. */
function ensureBase(log) {
  const mirror = hostMirror();
  const sources = existsSync(HOST_SOURCES) ? readFileSync(HOST_SOURCES, 'utf8') : '';
  const recipe = hash(SUITE, mirror, sources, DPKG_SLIM, APT_CLEAN, POLICY_RC_D);
  if (labelOf(BASE_IMAGE) === recipe) return;
  log(`building ${BASE_IMAGE} with debootstrap from ${mirror}`);
  const work = mkdtempSync(join(tmpdir(), 'parley-standin-'));
  const rootfs = join(work, 'rootfs');
  try {
    const bootstrap = spawnSync('debootstrap', ['--variant=minbase', SUITE, rootfs, mirror], { encoding: 'utf8' });
    if (bootstrap.status !== 0) throw new Error(`debootstrap failed: ${bootstrap.stdout}${bootstrap.stderr}`);
    writeFileSync(join(rootfs, 'usr/sbin/policy-rc.d'), POLICY_RC_D, { mode: 0o755 });
    mkdirSync(join(rootfs, 'etc/dpkg/dpkg.cfg.d'), { recursive: true });
    writeFileSync(join(rootfs, 'etc/dpkg/dpkg.cfg.d/slim'), DPKG_SLIM);
    writeFileSync(join(rootfs, 'etc/apt/apt.conf.d/docker-clean'), APT_CLEAN);
    if (sources) {
      // The host's own Debian sources (updates and security too), in place of debootstrap's one line.
      writeFileSync(join(rootfs, 'etc/apt/sources.list.d/debian.sources'), sources);
      rmSync(join(rootfs, 'etc/apt/sources.list'), { force: true });
    }
    for (const dir of ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/lib/apt/lists']) {
      rmSync(join(rootfs, dir), { recursive: true, force: true });
      mkdirSync(join(rootfs, dir), { recursive: true });
    }
    for (const file of readdirSync(join(rootfs, 'var/cache/apt'), { recursive: true, withFileTypes: true })) {
      if (file.isFile()) rmSync(join(file.parentPath, file.name));
    }
    const tar = spawnSync('tar', ['-C', rootfs, '-c', '.'], { maxBuffer: 1024 * 1024 * 1024 });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
    docker(['import', '--change', `LABEL ${LABEL}=${recipe}`, '--change', 'CMD ["bash"]', '-', BASE_IMAGE], {
      input: tar.stdout,
      encoding: undefined,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The build context of the node stand-in, in `work`: its Dockerfile and this machine's Node, npm and headers. */
function nodeContext(work) {
  cpSync(join(HERE, 'standins/node'), work, { recursive: true });
  cpSync(process.execPath, join(work, 'bin/node'));
  cpSync(join(NODE_PREFIX, 'lib/node_modules/npm'), join(work, 'lib/node_modules/npm'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  cpSync(join(NODE_PREFIX, 'include/node'), join(work, 'include/node'), { recursive: true });
  return work;
}

/** Builds the base and every stand-in image whose recipe changed; reuses the others. */
export function ensureStandIns(log) {
  ensureBase(log);
  const base = imageId(BASE_IMAGE);
  const npm = JSON.parse(readFileSync(join(NODE_PREFIX, 'lib/node_modules/npm/package.json'), 'utf8')).version;
  for (const [name, tag] of Object.entries(STANDIN_IMAGES)) {
    const dir = join(HERE, 'standins', name);
    const recipe = hash(base, ...filesOf(dir), name === 'node' ? `${process.version} npm ${npm}` : '');
    const previous = labelOf(tag);
    if (previous === recipe) continue;
    log(`building ${tag}`);
    const oldId = previous === null ? null : imageId(tag);
    const work = mkdtempSync(join(tmpdir(), 'parley-standin-'));
    try {
      const context = name === 'node' ? nodeContext(work) : dir;
      docker(['build', '--build-arg', `BASE=${BASE_IMAGE}`, '--label', `${LABEL}=${recipe}`, '-t', tag, context]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    if (oldId) spawnSync('docker', ['image', 'rm', oldId], { stdio: 'ignore' });
  }
}
