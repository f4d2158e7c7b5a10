/** The load curve as an SVG: p99 latency and server CPU against offered load, one line per side. */
import { writeFileSync } from 'node:fs';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { GENERATOR_LIMIT } from './cpu.js';
import type { CurveRow } from './report.js';

type Panel = Extract<TopLevelSpec, { hconcat: unknown }>['hconcat'][number];

const LIMITED = `limited (its core ≥ ${GENERATOR_LIMIT * 100} % busy)`;
const NOT_LIMITED = 'not limited';

export async function writeCurvePlot(path: string, curve: CurveRow[], subtitle: string): Promise<void> {
  const values = curve.map((point) => ({
    side: point.side,
    offered: point.offered,
    p99: point.p99,
    server: point.cpu.server,
    generator: point.generatorLimited ? LIMITED : NOT_LIMITED,
  }));
  const offered = [...new Set(curve.map((point) => point.offered))];
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Parley against a bare ws broadcaster, by offered load', subtitle },
    data: { values },
    hconcat: [
      panel('p99', 'p99 latency (ms, log scale)', 'log', offered),
      panel('server', 'server CPU (cores; 1 is the whole of its core)', 'linear', offered),
    ],
    config: { font: 'Helvetica, Arial, sans-serif', background: 'white', legend: { labelLimit: 320 } },
  };
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  writeFileSync(path, await view.toSVG());
  view.finalize();
}

function panel(field: 'p99' | 'server', title: string, scale: 'log' | 'linear', offered: number[]): Panel {
  return {
    width: 320,
    height: 240,
    transform: [{ filter: `isValid(datum.${field}) && datum.${field} > 0` }],
    encoding: {
      x: {
        field: 'offered',
        type: 'quantitative',
        title: 'offered deliveries/s (log scale)',
        scale: { type: 'log', domain: [Math.min(...offered) * 0.8, Math.max(...offered) * 1.25], nice: false },
        axis: { format: '~s', values: offered },
      },
      y: {
        field,
        type: 'quantitative',
        title,
        scale: scale === 'log' ? { type: 'log' } : { type: 'linear', zero: true },
      },
      color: { field: 'side', type: 'nominal', title: null },
    },
    layer: [
      { mark: 'line' },
      {
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          shape: {
            field: 'generator',
            type: 'nominal',
            title: 'generator',
            scale: { domain: [NOT_LIMITED, LIMITED], range: ['circle', 'cross'] },
          },
        },
      },
    ],
  };
}
