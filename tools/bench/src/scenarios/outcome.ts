/** What every scenario reports, and the steps they share: connecting, joining, draining. */
import { BenchClient, openAll, sleep, withTimeout } from '../client.js';
import type { CpuWindow } from '../cpu.js';
import type { Target } from '../servers.js';
import type { DeliveryLedger, Latencies } from '../stats.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** False for what the generator's speed does not decide (counts, memory): it needs no generator caveat. */
  loadBound?: false;
}

/** What a window's server CPU is divided by: its deliveries, joins, stored messages. */
export interface Work {
  count: number;
  /** CPU is given per this many of them: per 1,000 deliveries, per 1 join. */
  per: 1 | 1000;
  /** Plural with per 1,000 ("deliveries"), singular with per 1 ("join"). */
  unit: string;
}

/** Loss, duplicates and misroutes must be 0; errors are `error` frames and refused sockets. */
export interface Faults {
  lost: number;
  duplicates: number;
  misrouted: number;
  errors: number;
}

/** One offered load of a load curve, measured over the same clients as the others. */
export interface CurvePoint {
  offered: number;
  delivered: number;
  p50: number;
  p99: number;
  cpu: CpuWindow;
  /** Server CPU ms per 1,000 deliveries. */
  cpuPerThousand: number;
}

export interface Outcome extends Faults {
  figures: Figure[];
  /** The measured window's CPU; null for a load curve, whose points each carry their own. */
  cpu: CpuWindow | null;
  curve?: CurvePoint[];
}

/**
 * A scenario's figures with the window's CPU appended: the server's in cores and per unit of work, and MariaDB's per
 * unit on top where the server side uses it.
 */
export function finish(figures: Figure[], cpu: CpuWindow, work: Work, faults: Faults): Outcome {
  const unit = work.per === 1000 ? `1k ${work.unit}` : work.unit;
  const cpuFigures: Figure[] = [
    { name: 'server CPU', value: cpu.server, unit: 'cores' },
    { name: `server CPU per ${unit}`, value: cpuMsPer(cpu.server, cpu, work), unit: 'ms' },
  ];
  if (cpu.mariadb !== null) {
    cpuFigures.push({ name: `MariaDB's on top, per ${unit}`, value: cpuMsPer(cpu.mariadb, cpu, work), unit: 'ms' });
  }
  return { figures: [...figures, ...cpuFigures], cpu, ...faults };
}

/** CPU ms per unit of work of a process that used `cores` over the window. */
export function cpuMsPer(cores: number, window: CpuWindow, work: Work): number {
  return (cores * window.seconds * 1000 * work.per) / work.count;
}

export function ledgerFaults(ledger: DeliveryLedger, clients: BenchClient[]): Faults {
  return {
    lost: ledger.lost,
    duplicates: ledger.duplicates,
    misrouted: ledger.misrouted,
    errors: errorsOf(clients),
  };
}

export function errorsOf(clients: BenchClient[]): number {
  return clients.reduce((sum, client) => sum + client.errors, 0);
}

export function connect(
  target: Target,
  rooms: string[],
  perRoom: number,
  ledger: DeliveryLedger | null,
): BenchClient[] {
  return rooms.flatMap((room) =>
    Array.from(
      { length: perRoom },
      (_, i) => new BenchClient(target.wsUrls[i % target.wsUrls.length], room, `${room}-u${i}`, ledger),
    ),
  );
}

/** Parley answers every join with history and then presence; the bare broadcaster has neither, so open is joined. */
export async function joined(target: Target, clients: BenchClient[], timeoutMs: number): Promise<void> {
  await openAll(clients, timeoutMs);
  if (target.kind === 'parley') {
    const frames = clients.flatMap((client) => [client.history, client.presence]);
    await withTimeout(Promise.all(frames), timeoutMs, 'history and presence frames');
  }
}

export function closeAll(clients: BenchClient[]): void {
  clients.forEach((client) => client.close());
}

export function latencyFigures(latency: Latencies): Figure[] {
  return [
    { name: 'latency p50', value: latency.percentile(50), unit: 'ms' },
    { name: 'latency p95', value: latency.percentile(95), unit: 'ms' },
    { name: 'latency p99', value: latency.percentile(99), unit: 'ms' },
    { name: 'latency max', value: latency.max(), unit: 'ms' },
  ];
}

/** How long a drain may see nothing arrive before what is missing counts as lost. */
const STALL_MS = 3_000;

/**
 * Waits until `done()`, giving up once `progress()` has not moved for STALL_MS or after `maxMs`: a server working
 * through a backlog is waited for, a lost message is not.
 */
export async function settle(done: () => boolean, progress: () => number, maxMs = 60_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let last = progress();
  let lastMovedAt = performance.now();
  while (!done() && performance.now() < deadline && performance.now() - lastMovedAt < STALL_MS) {
    await sleep(10);
    if (progress() !== last) {
      last = progress();
      lastMovedAt = performance.now();
    }
  }
}

/** Until every delivery the ledger expects has arrived, or none arrives any more. */
export function drained(ledger: DeliveryLedger): Promise<void> {
  return settle(
    () => ledger.received >= ledger.expected,
    () => ledger.received,
  );
}
