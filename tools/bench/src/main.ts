/**
 * npm run bench [-- --quick] [--json <file>] [--only <scenario,…>]
 * Starts what it measures (Parley built, production mode, MariaDB; a bare ws broadcaster), one after the other on
 * loopback ports, runs each scenario against both in the same run, and prints figure, Parley, baseline, ratio.
 * With taskset, the server runs on core 0 and this load generator on core 1.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as scenarios from './scenarios.js';
import type { Figure, Outcome, Sizes } from './scenarios.js';
import {
  BenchDatabase,
  GENERATOR_CORE,
  SERVER_CORE,
  startBaseline,
  startParley,
  startParleyPair,
  tasksetAvailable,
  type Target,
} from './servers.js';

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
    'mysql-url': { type: 'string', default: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
});

// Pin this generator to its own core, once, by re-running itself under taskset with the file limit raised to its hard maximum (10k sockets).
if (tasksetAvailable && process.env.BENCH_PINNED !== '1') {
  const args = process.argv.slice(1).map((arg) => `'${arg.replaceAll("'", "'\\''")}'`);
  const result = spawnSync(
    'bash',
    ['-c', `ulimit -n "$(ulimit -Hn)"; exec taskset -c ${GENERATOR_CORE} ${process.execPath} ${args.join(' ')}`],
    { stdio: 'inherit', env: { ...process.env, BENCH_PINNED: '1' } },
  );
  process.exit(result.status ?? 1);
}

const sizes: Sizes = options.quick
  ? {
      seconds: 2,
      saturateClients: 100,
      fanoutRooms: 10,
      fanoutClientsPerRoom: 50,
      idleConnections: 1_000,
      joinStormClients: 500,
      historyMessages: 10_000,
      historyJoins: 20,
      persistRooms: 20,
    }
  : {
      seconds: 10,
      saturateClients: 100,
      fanoutRooms: 10,
      fanoutClientsPerRoom: 50,
      idleConnections: 10_000,
      joinStormClients: 2_000,
      historyMessages: 100_000,
      historyJoins: 50,
      persistRooms: 20,
    };

interface Row {
  scenario: string;
  figure: string;
  unit: string;
  parley: number;
  baseline: number | null;
  baselineLabel: string;
  target: string;
  met: boolean | null;
}

type Check = (parley: Figure[], baseline: Figure[] | null) => { target: string; met: boolean } | null;

interface Plan {
  name: string;
  describe: string;
  /** What the plan's Parley column runs on: one instance unless it says two sharing Redis. */
  parley?: 'two instances + Redis';
  baseline: 'bare ws' | 'one INSERT per message' | 'one instance, no Redis' | 'guests' | null;
  run: (target: Target, database: BenchDatabase) => Promise<Outcome>;
  /** The baseline's own run, where it differs from the Parley column's (same server, other clients). */
  runBaseline?: (target: Target, database: BenchDatabase) => Promise<Outcome>;
  checks: Record<string, Check>;
}

const value = (figures: Figure[] | null, name: string) => figures?.find((figure) => figure.name === name)?.value ?? NaN;

const plans: Plan[] = [
  {
    name: 'saturate',
    describe: `1 room × ${sizes.saturateClients} clients, one sender, 50 in flight`,
    baseline: 'bare ws',
    run: (target) => scenarios.saturate(target, sizes),
    checks: {
      'deliveries/s': (parley, baseline) => ({
        target: '≥ 0.6 × baseline',
        met: value(parley, 'deliveries/s') >= 0.6 * value(baseline, 'deliveries/s'),
      }),
    },
  },
  {
    name: 'fanout',
    describe: `${sizes.fanoutRooms} rooms × ${sizes.fanoutClientsPerRoom} clients, 50 msg/s per room`,
    baseline: 'bare ws',
    run: (target) => scenarios.fanout(target, sizes),
    checks: { 'latency p99': (parley) => ({ target: '≤ 15 ms', met: value(parley, 'latency p99') <= 15 }) },
  },
  {
    name: 'redis fanout',
    describe: 'the fanout load over 2 instances sharing Redis, against 1 instance without Redis (same core)',
    parley: 'two instances + Redis',
    baseline: 'one instance, no Redis',
    run: (target) => scenarios.fanout(target, sizes),
    checks: {},
  },
  {
    name: 'conns',
    describe: `${sizes.idleConnections} idle connections in 100 rooms`,
    baseline: 'bare ws',
    run: (target) => scenarios.idleConnections(target, sizes),
    checks: {
      'RSS per connection': (parley) => ({ target: '≤ 24 KiB', met: value(parley, 'RSS per connection') <= 24 }),
      connected: (parley) => ({
        target: `all ${sizes.idleConnections}`,
        met: value(parley, 'connected') >= sizes.idleConnections,
      }),
    },
  },
  {
    name: 'join storm',
    describe: `${sizes.joinStormClients} clients join one room at once`,
    baseline: 'bare ws',
    run: (target) => scenarios.joinStorm(target, sizes),
    checks: { 'all joined in': (parley) => ({ target: '≤ 5 s', met: value(parley, 'all joined in') <= 5 }) },
  },
  {
    name: 'history',
    describe: `joiners of a room holding ${sizes.historyMessages} messages`,
    baseline: null,
    run: (target, database) => scenarios.history(target, sizes, database),
    checks: {
      'history frame p99': (parley) => ({ target: '≤ 30 ms', met: value(parley, 'history frame p99') <= 30 }),
    },
  },
  {
    name: 'persist',
    describe: `${sizes.persistRooms} rooms, one sender each, 100 unacked`,
    baseline: 'one INSERT per message',
    run: (target, database) => scenarios.persist(target, sizes, database),
    checks: {
      'stored+acked msgs/s': (parley, baseline) => ({
        target: '≥ 20,000/s and ≥ 5 × baseline',
        met:
          value(parley, 'stored+acked msgs/s') >= 20_000 &&
          value(parley, 'stored+acked msgs/s') >= 5 * value(baseline, 'stored+acked msgs/s'),
      }),
    },
  },
  {
    name: 'persist signed in',
    describe: `the persist load with every sender a registered user on a socket ticket, against guests`,
    baseline: 'guests',
    run: (target, database) => scenarios.persist(target, sizes, database, true),
    runBaseline: (target, database) => scenarios.persist(target, sizes, database, false),
    checks: {
      'stored+acked msgs/s': (parley, baseline) => ({
        target: '≥ 0.9 × guests',
        met: value(parley, 'stored+acked msgs/s') >= 0.9 * value(baseline, 'stored+acked msgs/s'),
      }),
    },
  },
];

async function measure(
  plan: Plan,
  start: () => Promise<Target>,
  database: BenchDatabase,
  run = plan.run,
): Promise<Outcome> {
  await database.reset();
  const target = await start();
  try {
    return await run(target, database);
  } finally {
    await target.stop();
  }
}

async function main(): Promise<number> {
  console.log(
    tasksetAvailable
      ? `Pinned: server on core ${SERVER_CORE}, load generator on core ${GENERATOR_CORE} (taskset).`
      : 'taskset or a second core is missing: server and generator share the CPU.',
  );
  console.log(`Mode: ${options.quick ? 'quick (smoke test; figures are not representative)' : 'full'}\n`);
  const only = options.only?.split(',').map((name) => name.trim());
  const database = await BenchDatabase.create(options['mysql-url']!);
  const rows: Row[] = [];
  let problems = 0;
  try {
    for (const plan of plans.filter((candidate) => !only || only.includes(candidate.name))) {
      console.log(`${plan.name}: ${plan.describe}`);
      let parley: Outcome;
      let baseline: Outcome | null;
      try {
        parley = await measure(
          plan,
          () => (plan.parley ? startParleyPair(database, options['redis-url']!) : startParley(database)),
          database,
        );
        baseline =
          plan.baseline === 'bare ws'
            ? await measure(plan, startBaseline, database)
            : plan.baseline === 'one INSERT per message'
              ? await measure(plan, () => startParley(database, { MESSAGE_BATCH_MAX: '1' }), database)
              : plan.baseline === 'one instance, no Redis'
                ? await measure(plan, () => startParley(database), database)
                : plan.baseline === 'guests'
                  ? await measure(plan, () => startParley(database), database, plan.runBaseline)
                  : null;
      } catch (error) {
        console.log(`  FAILED: ${(error as Error).message.split('\n')[0]}`);
        problems += 1;
        continue;
      }
      for (const [label, result] of [
        [plan.parley ?? 'Parley', parley],
        [plan.baseline, baseline],
      ] as const) {
        if (!result) continue;
        const faults = result.lost + result.duplicates + result.misrouted + result.errors;
        console.log(
          `  ${label}: lost ${result.lost}, duplicates ${result.duplicates}, misrouted ${result.misrouted}, errors ${result.errors}`,
        );
        if (result === parley) problems += faults;
      }
      for (const figure of parley.figures) {
        const check = plan.checks[figure.name]?.(parley.figures, baseline?.figures ?? null) ?? null;
        rows.push({
          scenario: plan.name,
          figure: figure.name,
          unit: figure.unit,
          parley: figure.value,
          baseline: baseline ? value(baseline.figures, figure.name) : null,
          baselineLabel: plan.baseline ?? '',
          target: check?.target ?? '',
          met: check?.met ?? null,
        });
      }
    }
  } finally {
    await database.drop();
  }
  printTable(rows);
  if (options.json) {
    writeFileSync(
      options.json,
      JSON.stringify({ mode: options.quick ? 'quick' : 'full', pinned: tasksetAvailable, rows }, null, 2),
    );
    console.log(`\nWrote ${options.json}`);
  }
  if (problems > 0) console.log(`\nParley lost, duplicated, misrouted or refused ${problems} deliveries: FAIL`);
  else console.log('\nZero loss, duplicates, misroutes and errors for Parley.');
  return problems === 0 ? 0 : 1;
}

function format(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '–';
  const digits = unit === 'ms' || unit === 'KiB' || unit === 's' ? 1 : 0;
  return `${value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit === '/s' ? '/s' : unit ? ` ${unit}` : ''}`;
}

function printTable(rows: Row[]): void {
  const table = rows.map((row) => ({
    scenario: row.scenario,
    figure: row.figure,
    Parley: format(row.parley, row.unit),
    baseline: row.baseline === null ? '–' : `${format(row.baseline, row.unit)} (${row.baselineLabel})`,
    ratio: row.baseline === null || !row.baseline ? '–' : (row.parley / row.baseline).toFixed(2),
    target: row.target,
    met: row.met === null ? '' : row.met ? 'yes' : 'NO',
  }));
  const columns = Object.keys(table[0] ?? {}) as Array<keyof (typeof table)[number]>;
  const widths = columns.map((column) => Math.max(column.length, ...table.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${line(columns)}\n|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of table) console.log(line(columns.map((column) => row[column])));
}

process.exit(await main());
