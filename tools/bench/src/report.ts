/** What a run found, as the tables it prints and the JSON it writes. */
import { generatorLimited, GENERATOR_LIMIT, type CpuWindow } from './cpu.js';
import type { Lookup, Plan } from './plans.js';
import type { Figure, Outcome } from './scenarios/outcome.js';

/** One column's result: what it ran on, and what it measured. */
export interface Measured {
  label: string;
  outcome: Outcome;
}

export interface Row {
  scenario: string;
  figure: string;
  unit: string;
  parley: number;
  baseline: number | null;
  baselineLabel: string;
  target: string;
  /** Whether the target was met; "generator-limited" where the generator, not the server, decided the figure. */
  met: boolean | 'generator-limited' | null;
  generatorLimited: boolean;
}

export interface CpuRow extends CpuWindow {
  scenario: string;
  side: string;
  generatorLimited: boolean;
}

export interface CurveRow {
  side: string;
  offered: number;
  delivered: number;
  p50: number;
  p99: number;
  /** Server CPU ms per 1,000 deliveries. */
  cpuPerThousand: number;
  cpu: CpuWindow;
  generatorLimited: boolean;
}

/** A busy generator core this much of which was not the generator: the machine, not the generator, was short. */
const CROWDED = 0.25;

export class Report {
  readonly rows: Row[] = [];
  readonly cpu: CpuRow[] = [];
  readonly curve: CurveRow[] = [];

  add(plan: Plan, parley: Measured, baseline: Measured | null): void {
    const limited = [parley, baseline].some((side) => side?.outcome.cpu && generatorLimited(side.outcome.cpu));
    const parleyValue = lookup(parley.outcome.figures);
    const baselineValue = lookup(baseline?.outcome.figures ?? []);
    for (const figure of parley.outcome.figures) {
      const check = plan.checks.find((candidate) => candidate.figure === figure.name);
      const decidedByGenerator = limited && figure.loadBound !== false;
      this.rows.push({
        scenario: plan.name,
        figure: figure.name,
        unit: figure.unit,
        parley: figure.value,
        baseline: baseline ? baselineValue(figure.name) : null,
        baselineLabel: baseline?.label ?? '',
        target: check?.target ?? '',
        met: !check ? null : decidedByGenerator ? 'generator-limited' : check.met(parleyValue, baselineValue),
        generatorLimited: decidedByGenerator,
      });
    }
    for (const side of [parley, baseline]) {
      if (!side) continue;
      const { cpu, curve = [] } = side.outcome;
      if (cpu)
        this.cpu.push({ scenario: plan.name, side: side.label, ...cpu, generatorLimited: generatorLimited(cpu) });
      for (const point of curve) {
        this.curve.push({ side: side.label, ...point, generatorLimited: generatorLimited(point.cpu) });
      }
    }
  }

  print(): void {
    this.printFigures();
    this.printCpu();
    this.printCurve();
  }

  private printFigures(): void {
    printTable(
      this.rows.map((row) => ({
        scenario: row.scenario,
        figure: row.figure,
        Parley: format(row.parley, row.unit),
        baseline: row.baseline === null ? '–' : `${format(row.baseline, row.unit)} (${row.baselineLabel})`,
        ratio: ratioCell(row),
        target: row.target,
        met: row.met === null ? '' : row.met === 'generator-limited' ? row.met : row.met ? 'yes' : 'NO',
      })),
    );
  }

  private printCpu(): void {
    if (this.cpu.length === 0) return;
    console.log(
      `\nCPU of each measured window, in cores (CPU seconds per second). MariaDB and Redis are not pinned. A core's ` +
        `share is how busy it was, whatever ran on it: a generator core ≥ ${GENERATOR_LIMIT * 100} % busy makes the ` +
        `window generator-limited.`,
    );
    printTable(
      this.cpu.map((row) => ({
        scenario: row.scenario,
        side: row.side,
        window: format(row.seconds, 's'),
        server: format(row.server, 'cores'),
        "MariaDB's on top": format(row.mariadb, 'cores'),
        "Redis's on top": format(row.redis, 'cores'),
        generator: format(row.generator, 'cores'),
        'generator core': coreCell(row.generatorCore, row.generatorLimited),
        'server core': coreCell(row.serverCore, false),
      })),
    );
    const limited = this.cpu.filter((row) => row.generatorLimited);
    const crowded = limited.filter((row) => (row.generatorCore ?? row.generator) - row.generator >= CROWDED);
    if (crowded.length > 0) {
      console.log(
        `In ${crowded.length} of the ${limited.length} generator-limited windows, other processes (MariaDB, or ` +
          `work outside the bench) took ≥ ${CROWDED * 100} % of the generator's core.`,
      );
    }
  }

  private printCurve(): void {
    if (this.curve.length === 0) return;
    console.log('\nLoad curve (each point over the same clients; its window lasts until its backlog is delivered):');
    printTable(
      [...this.curve]
        .sort((a, b) => a.offered - b.offered)
        .map((point) => ({
          'offered/s': format(point.offered, '/s'),
          side: point.side,
          'delivered/s': format(point.delivered, '/s'),
          p50: format(point.p50, 'ms'),
          p99: format(point.p99, 'ms'),
          'server CPU': format(point.cpu.server, 'cores'),
          'per 1k deliveries': format(point.cpuPerThousand, 'ms'),
          "MariaDB's on top": format(point.cpu.mariadb, 'cores'),
          'generator core': coreCell(point.cpu.generatorCore, point.generatorLimited),
        })),
    );
  }

  json(run: Record<string, unknown>): string {
    return JSON.stringify({ ...run, rows: this.rows, cpu: this.cpu, curve: this.curve }, null, 2);
  }
}

function lookup(figures: Figure[]): Lookup {
  return (name) => figures.find((figure) => figure.name === name)?.value ?? NaN;
}

/** Parley over baseline, unless the generator decided both. */
function ratioCell(row: Row): string {
  if (row.baseline === null || !row.baseline || Number.isNaN(row.baseline)) return '–';
  return row.generatorLimited ? 'generator-limited' : (row.parley / row.baseline).toFixed(2);
}

function coreCell(share: number | null, limited: boolean): string {
  if (share === null) return '–';
  return `${Math.round(share * 100)} %${limited ? ' generator-limited' : ''}`;
}

const DIGITS: Record<string, number> = { ms: 1, KiB: 1, s: 1, cores: 2 };

function format(value: number | null, unit: string): string {
  if (value === null || Number.isNaN(value)) return '–';
  // Small CPU costs (a fraction of a millisecond per join) would all read 0.1 with one digit.
  const digits = unit === 'ms' && Math.abs(value) < 1 ? 3 : (DIGITS[unit] ?? 0);
  const number = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit === '/s' ? `${number}/s` : unit ? `${number} ${unit}` : number;
}

function printTable(table: Array<Record<string, string>>): void {
  if (table.length === 0) return;
  const columns = Object.keys(table[0]);
  const widths = columns.map((column) => Math.max(column.length, ...table.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${line(columns)}\n|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of table) console.log(line(columns.map((column) => row[column])));
}
