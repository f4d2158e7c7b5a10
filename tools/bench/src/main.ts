/**
 * npm run bench [-- --quick] [--json <file>] [--only <scenario,…>] [--topology single|stack] [--plot <file.svg>]
 * Starts what it measures (Parley built, production mode, MariaDB; a bare ws broadcaster), one after the other on
 * loopback ports, runs each scenario against both in the same run, and prints figure, Parley, baseline, ratio, target,
 * then the CPU of every measured window and the load curve. With taskset, the server side runs on core 0 and this
 * load generator on core 1. `--topology stack` runs the Parley column on two instances on Redis behind nginx.
 * The load curve's plot is written to --plot, by default (in full mode only) to docs/bench-load-curve.svg.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FULL, plans, QUICK, type Launcher, type Plan, type Side } from './plans.js';
import { writeCurvePlot } from './plot.js';
import { Report, type Measured } from './report.js';
import {
  BenchDatabase,
  GENERATOR_CORE,
  PARLEY_NODE,
  ROOT,
  SERVER_CORE,
  startBaseline,
  startParley,
  startStackTarget,
  tasksetAvailable,
} from './servers.js';

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    only: { type: 'string' },
    topology: { type: 'string', default: 'single' },
    plot: { type: 'string' },
    'mysql-url': { type: 'string', default: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' },
  },
});
if (options.topology !== 'single' && options.topology !== 'stack') {
  console.error(`--topology is single or stack, not ${options.topology}`);
  process.exit(2);
}

/**
 * tools/stack's nginx runs one worker of 4,096 connections, and each proxied socket holds two (client and upstream):
 * a scenario with more sockets open at once is skipped under --topology stack rather than refused halfway.
 */
const STACK_SOCKETS_MAX = 2_000;
const DEFAULT_PLOT = join(ROOT, 'docs/bench-load-curve.svg');

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

function launcher(database: BenchDatabase): Launcher {
  const redisUrl = options['redis-url']!;
  return {
    parley: (env = {}) =>
      options.topology === 'stack' ? startStackTarget(database, redisUrl, env) : startParley(database, env),
    oneInstance: (env) => startParley(database, env),
    stack: () => startStackTarget(database, redisUrl),
    bare: startBaseline,
  };
}

/** Each column starts on an empty database and its own server, stopped after it. */
async function measure(side: Side, launch: Launcher, database: BenchDatabase): Promise<Measured> {
  await database.reset();
  const target = await side.start(launch);
  try {
    return { label: side.label ?? target.label, outcome: await side.run(target, database) };
  } finally {
    await target.stop();
  }
}

/** Runs the plan's columns and prints what their ledgers saw; returns them with the Parley column's faults. */
async function runPlan(plan: Plan, launch: Launcher, database: BenchDatabase) {
  const parley = await measure(plan.parley, launch, database);
  const baseline = plan.baseline ? await measure(plan.baseline, launch, database) : null;
  for (const { label, outcome } of [parley, baseline].filter((side) => side !== null)) {
    console.log(
      `  ${label}: lost ${outcome.lost}, duplicates ${outcome.duplicates}, misrouted ${outcome.misrouted}, errors ${outcome.errors}`,
    );
  }
  const { lost, duplicates, misrouted, errors } = parley.outcome;
  return { parley, baseline, faults: lost + duplicates + misrouted + errors };
}

/** The plans --only names (all without it); a name that is no plan stops the run before anything starts. */
function selectedPlans(): Plan[] {
  const all = plans(options.quick ? QUICK : FULL);
  const only = options.only?.split(',').map((name) => name.trim());
  const unknown = only?.filter((name) => !all.some((plan) => plan.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`No scenario named ${unknown.join(', ')}; there are: ${all.map((plan) => plan.name).join(', ')}`);
    process.exit(2);
  }
  return all.filter((plan) => !only || only.includes(plan.name));
}

const TOPOLOGY = options.topology === 'stack' ? '2 instances + Redis + nginx' : 'one instance';

async function main(): Promise<number> {
  const selected = selectedPlans();
  console.log(
    tasksetAvailable
      ? `Pinned: server on core ${SERVER_CORE}, load generator on core ${GENERATOR_CORE} (taskset).`
      : 'taskset or a second core is missing: server and generator share the CPU.',
  );
  console.log(`Mode: ${options.quick ? 'quick (smoke test; figures are not representative)' : 'full'}`);
  const { warmUpSeconds } = options.quick ? QUICK : FULL;
  console.log(`Delivery scenarios run their load ${warmUpSeconds} s unmeasured before measuring, on both sides.`);
  const parleyNode = spawnSync(PARLEY_NODE, ['--version']).stdout?.toString().trim();
  console.log(`Parley column: ${TOPOLOGY}, on Node ${parleyNode}; generator and bare ws on Node ${process.version}\n`);
  const database = await BenchDatabase.create(options['mysql-url']!);
  const launch = launcher(database);
  const report = new Report();
  let problems = 0;
  try {
    for (const plan of selected) {
      console.log(`${plan.name}: ${plan.describe}`);
      if (options.topology === 'stack' && plan.sockets > STACK_SOCKETS_MAX) {
        console.log(`  skipped: ${plan.sockets} sockets are more than the stack's nginx holds (${STACK_SOCKETS_MAX})`);
        continue;
      }
      try {
        const { parley, baseline, faults } = await runPlan(plan, launch, database);
        report.add(plan, parley, baseline);
        problems += faults;
      } catch (error) {
        console.log(`  FAILED: ${(error as Error).message.split('\n')[0]}`);
        problems += 1;
      }
    }
  } finally {
    await database.drop();
  }
  report.print();
  await writeFiles(report);
  if (problems > 0) console.log(`\nParley lost, duplicated, misrouted or refused ${problems} deliveries: FAIL`);
  else console.log('\nZero loss, duplicates, misroutes and errors for Parley.');
  return problems === 0 ? 0 : 1;
}

/** --json, and the load curve's plot: in full mode by default, in quick mode only when asked for. */
async function writeFiles(report: Report): Promise<void> {
  const mode = options.quick ? 'quick' : 'full';
  const date = new Date().toISOString();
  if (options.json) {
    writeFileSync(options.json, report.json({ mode, pinned: tasksetAvailable, topology: options.topology, date }));
    console.log(`\nWrote ${options.json}`);
  }
  const plot = options.plot ?? (options.quick ? null : DEFAULT_PLOT);
  if (plot && report.curve.length > 0) {
    const subtitle = `${mode} run, ${date.slice(0, 10)}; Parley: ${TOPOLOGY}, every message stored and acked`;
    await writeCurvePlot(plot, report.curve, subtitle);
    console.log(`Wrote ${plot}`);
  }
}

process.exit(await main());
