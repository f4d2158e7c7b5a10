/**
 * Files: how fast an upload goes in (a 10 MB file; a 4000 × 3000 JPEG, whose thumbnail is made on the way), and
 * whether upload and image work hold up chat while ten uploads run: the server's own event-loop delay over that
 * window (Node's monitorEventLoopDelay, which /metrics reports and resets on each read). (A guest pinging from the
 * generator would time the generator too: it sends the 100 MB of uploads on its own event loop.) The baseline column
 * does the same with the file system alone: the same bytes copied to disk, and the copier's own event-loop delay.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import sharp from 'sharp';
import { CpuMeter } from '../cpu.js';
import type { Launcher, Side } from '../plans.js';
import type { Target } from '../servers.js';
import { Latencies } from '../stats.js';
import { finish, type Figure, type Outcome } from './outcome.js';

export interface FilesLoad {
  /** Uploads of each kind measured one at a time. */
  uploadsEach: number;
  /** Uploads at once while the chat lag is measured. */
  concurrentUploads: number;
}

const MB = 1_000_000;
const PLAIN_BYTES = 10 * MB;

interface Samples {
  plain: Buffer;
  jpeg: Buffer;
}

/** A 10 MB file of random bytes, and a 4000 × 3000 photo-like JPEG (a gradient with grain). */
async function samples(): Promise<Samples> {
  const [width, height] = [4000, 3000];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const grain = (Math.random() - 0.5) * 24;
      pixels[at] = (x / width) * 200 + grain;
      pixels[at + 1] = (y / height) * 180 + grain;
      pixels[at + 2] = 90 + grain;
    }
  }
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
  return { plain: randomBytes(PLAIN_BYTES), jpeg };
}

/** The Parley column: one instance storing files in a folder of its own. */
export function filesOnParley(load: FilesLoad): Side {
  let folder = '';
  return {
    start: async (launch: Launcher) => {
      folder = await mkdtemp(join(tmpdir(), 'parley-bench-files-'));
      return launch.oneInstance({ FILES_STORAGE: `disk:${folder}`, UPLOADS_PER_MIN: '0' });
    },
    run: async (target) => {
      try {
        return await uploadToParley(target, load, await samples());
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}

/** The baseline column: the same bytes copied to disk by the generator, no server involved. */
export function filesOnDisk(load: FilesLoad): Side {
  return {
    label: 'copy to disk',
    start: (launch: Launcher) => launch.bare(),
    run: async (target) => {
      const folder = await mkdtemp(join(tmpdir(), 'parley-bench-copy-'));
      try {
        return await copyOnDisk(target, folder, load, await samples());
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  };
}

async function uploadToParley(target: Target, load: FilesLoad, { plain, jpeg }: Samples): Promise<Outcome> {
  const { token, slug } = await uploaderWithRoom(target);
  let errors = 0;
  const upload = async (bytes: Buffer, name: string): Promise<number> => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const started = performance.now();
    const response = await fetch(`${target.httpUrl}/api/rooms/${slug}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    await response.arrayBuffer();
    if (response.status !== 201) errors++;
    return performance.now() - started;
  };
  const meter = CpuMeter.start(target);
  const plainTimes = new Latencies();
  const jpegTimes = new Latencies();
  for (let i = 0; i < load.uploadsEach; i++) {
    plainTimes.add(await upload(plain, 'data.bin'));
    jpegTimes.add(await upload(jpeg, 'photo.jpg'));
  }
  await serverLagP99(target);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const idle = await serverLagP99(target);
  await Promise.all(
    Array.from({ length: load.concurrentUploads }, (_, i) =>
      i % 2 === 0 ? upload(jpeg, `photo-${i}.jpg`) : upload(plain, `data-${i}.bin`),
    ),
  );
  const busy = await serverLagP99(target);
  const cpu = meter.stop();
  return finish(
    figuresOf(plain.length, plainTimes, jpegTimes, idle, busy, load),
    cpu,
    { count: load.uploadsEach * 2 + load.concurrentUploads, per: 1, unit: 'upload' },
    { lost: 0, duplicates: 0, misrouted: 0, errors },
  );
}

async function copyOnDisk(target: Target, folder: string, load: FilesLoad, { plain, jpeg }: Samples): Promise<Outcome> {
  const [plainPath, jpegPath] = [join(folder, 'data.bin'), join(folder, 'photo.jpg')];
  await writeFile(plainPath, plain);
  await writeFile(jpegPath, jpeg);
  let copies = 0;
  const copy = async (path: string): Promise<number> => {
    const started = performance.now();
    await copyFile(path, join(folder, `copy-${copies++}`));
    return performance.now() - started;
  };
  const meter = CpuMeter.start(target);
  const plainTimes = new Latencies();
  const jpegTimes = new Latencies();
  for (let i = 0; i < load.uploadsEach; i++) {
    plainTimes.add(await copy(plainPath));
    jpegTimes.add(await copy(jpegPath));
  }
  const lag = async (work: () => Promise<unknown>): Promise<number> => {
    const delay = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
    delay.enable();
    await work();
    delay.disable();
    return lateBy(delay.count === 0 ? 0 : delay.percentile(99) / 1e6);
  };
  const idle = await lag(() => new Promise((resolve) => setTimeout(resolve, 1000)));
  const busy = await lag(() =>
    Promise.all(Array.from({ length: load.concurrentUploads }, (_, i) => copy(i % 2 === 0 ? jpegPath : plainPath))),
  );
  const cpu = meter.stop();
  return finish(
    figuresOf(plain.length, plainTimes, jpegTimes, idle, busy, load),
    cpu,
    { count: copies, per: 1, unit: 'upload' },
    { lost: 0, duplicates: 0, misrouted: 0, errors: 0 },
  );
}

function figuresOf(
  plainBytes: number,
  plainTimes: Latencies,
  jpegTimes: Latencies,
  idleLag: number,
  busyLag: number,
  load: FilesLoad,
): Figure[] {
  return [
    { name: '10 MB upload', value: plainBytes / MB / (plainTimes.percentile(50) / 1000), unit: 'MB/s' },
    { name: '10 MB upload p50', value: plainTimes.percentile(50), unit: 'ms' },
    { name: '4000×3000 JPEG upload p50', value: jpegTimes.percentile(50), unit: 'ms' },
    { name: 'event-loop lag p99, idle', value: idleLag, unit: 'ms' },
    { name: `event-loop lag p99, ${load.concurrentUploads} uploads at once`, value: busyLag, unit: 'ms' },
  ];
}

/**
 * prom-client times a timer every 10 ms (its default `eventLoopMonitoringPrecision`); what it reports is the time
 * between firings, so an idle loop reads 10 ms. The lag is what is beyond that.
 */
const LAG_RESOLUTION_MS = 10;

const lateBy = (intervalMs: number) => Math.max(0, intervalMs - LAG_RESOLUTION_MS);

/** The server's event-loop lag p99 since the last read of /metrics, in ms (each read resets it). */
async function serverLagP99(target: Target): Promise<number> {
  const metrics = await (await fetch(`${target.httpUrl}/metrics`)).text();
  const match = /^nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(metrics);
  if (!match) throw new Error('The server reports no nodejs_eventloop_lag_p99_seconds');
  return lateBy(Number(match[1]) * 1000);
}

async function uploaderWithRoom(target: Target): Promise<{ token: string; slug: string }> {
  const post = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
    const response = await fetch(`${target.httpUrl}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const username = `uploader${randomBytes(3).toString('hex')}`;
  const { accessToken } = await post<{ accessToken: string }>('/auth/register', {
    username,
    password: 'correct horse battery',
  });
  const room = await post<{ slug: string }>('/rooms', { name: 'Bench files', visibility: 'private' }, accessToken);
  return { token: accessToken, slug: room.slug };
}
