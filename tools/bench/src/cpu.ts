/**
 * CPU of a measured window, from the kernel's own accounting: the server side's processes, the services it uses on
 * top (MariaDB, Redis), this generator, and how busy each pinned core was, whoever used it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { GENERATOR_CORE, SERVER_CORE, tasksetAvailable, type Service, type Target } from './servers.js';

/** A generator core this busy is the limit of the window: what it measured is the generator's ceiling, not the server's. */
export const GENERATOR_LIMIT = 0.9;

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** Process names of each service: found once, by exact name, among this machine's processes. */
const SERVICE_PROCESSES: Record<Service, string[]> = {
  MariaDB: ['mariadbd', 'mysqld'],
  Redis: ['redis-server'],
};

export interface CpuWindow {
  seconds: number;
  /** Cores (CPU seconds per wall second) of the server side's processes. */
  server: number;
  /** Cores of MariaDB on top of the server's, where the server side uses it; null when not used or not found. */
  mariadb: number | null;
  /** Cores of Redis on top, likewise. */
  redis: number | null;
  /** Cores of this generator process. */
  generator: number;
  /** Share (0–1) of the generator's core that was busy, whatever ran on it; null when nothing is pinned. */
  generatorCore: number | null;
  /** Share (0–1) of the server's core that was busy, whatever ran on it (other work on it skews every figure). */
  serverCore: number | null;
}

/** Whether the generator's core (or, unpinned, the generator itself) was the window's limit. */
export function generatorLimited(window: CpuWindow): boolean {
  return (window.generatorCore ?? window.generator) >= GENERATOR_LIMIT;
}

/** Started at the opening of a scenario's measured window; `stop()` at its close. */
export class CpuMeter {
  private readonly server: number[];
  private readonly services: Partial<Record<Service, number[]>>;
  private readonly start: Snapshot;

  private constructor(target: Target) {
    this.server = target.pids();
    this.services = Object.fromEntries(target.services.map((service) => [service, servicePids(service)]));
    this.start = this.snapshot();
  }

  static start(target: Target): CpuMeter {
    return new CpuMeter(target);
  }

  stop(): CpuWindow {
    const end = this.snapshot();
    const seconds = (end.at - this.start.at) / 1000;
    const cores = (from: number, to: number) => (to - from) / seconds;
    const service = (name: Service) =>
      end.services[name] === undefined ? null : cores(this.start.services[name]!, end.services[name]!);
    return {
      seconds,
      server: cores(this.start.server, end.server),
      mariadb: service('MariaDB'),
      redis: service('Redis'),
      generator: cores(this.start.generator, end.generator),
      generatorCore: busyShare(this.start.generatorCore, end.generatorCore),
      serverCore: busyShare(this.start.serverCore, end.serverCore),
    };
  }

  private snapshot(): Snapshot {
    const services: Snapshot['services'] = {};
    for (const [name, pids] of Object.entries(this.services) as Array<[Service, number[]]>) {
      if (pids.length > 0) services[name] = cpuSeconds(pids);
    }
    const generator = process.cpuUsage();
    return {
      at: performance.now(),
      server: cpuSeconds(this.server),
      services,
      generator: (generator.user + generator.system) / 1e6,
      generatorCore: tasksetAvailable ? coreTicks(GENERATOR_CORE) : null,
      serverCore: tasksetAvailable ? coreTicks(SERVER_CORE) : null,
    };
  }
}

/** CPU seconds so far, and ticks of the pinned cores, at one moment (performance.now()). */
interface Snapshot {
  at: number;
  server: number;
  services: Partial<Record<Service, number>>;
  generator: number;
  generatorCore: CoreTicks | null;
  serverCore: CoreTicks | null;
}

interface CoreTicks {
  busy: number;
  total: number;
}

/** utime + stime of each process (every thread of it), in seconds. */
function cpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted from its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  }, 0);
}

function servicePids(service: Service): number[] {
  return SERVICE_PROCESSES[service].flatMap((name) =>
    (spawnSync('pgrep', ['-x', name]).stdout?.toString() ?? '').split('\n').filter(Boolean).map(Number),
  );
}

/** One core's line of /proc/stat: time busy (anything but idle and iowait) and in all. */
function coreTicks(core: number): CoreTicks {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((candidate) => candidate.startsWith(`cpu${core} `))!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

function busyShare(start: CoreTicks | null, end: CoreTicks | null): number | null {
  if (!start || !end || end.total === start.total) return null;
  return (end.busy - start.busy) / (end.total - start.total);
}
