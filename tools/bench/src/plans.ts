/** Every scenario of `npm run bench`: what runs in each column, at what size, and the targets it is held to. */
import { fanout, loadCurve, receipts, saturate, type PacedLoad } from './scenarios/deliveries.js';
import { history, idleConnections, joinStorm, joinWave } from './scenarios/joins.js';
import type { Outcome } from './scenarios/outcome.js';
import { filesOnDisk, filesOnParley, type FilesLoad } from './scenarios/files.js';
import { searchOnMariadb, searchOnSqlite, withoutSearchIndexing, type SearchLoad } from './scenarios/search.js';
import { persist } from './scenarios/storage.js';
import type { BenchDatabase, Target } from './servers.js';

export interface Sizes {
  /** Length of each measured window. */
  seconds: number;
  /** Load run unmeasured before a delivery scenario's first window. */
  warmUpSeconds: number;
  curveSecondsPerPoint: number;
  idleConnections: number;
  joinStormClients: number;
  joinWaveClients: number;
  joinWaveInFlight: number;
  historyMessages: number;
  historyJoins: number;
  receiptsClients: number;
  search: SearchLoad;
  files: FilesLoad;
}

/** Quick mode runs in CI on every change: it checks that every scenario works with zero loss, not speed. */
export const QUICK: Sizes = {
  seconds: 2,
  warmUpSeconds: 1,
  curveSecondsPerPoint: 2,
  idleConnections: 1_000,
  joinStormClients: 500,
  joinWaveClients: 1_000,
  joinWaveInFlight: 200,
  historyMessages: 10_000,
  historyJoins: 20,
  receiptsClients: 20,
  search: { messages: 20_000, rooms: 100, queriesPerKind: 10 },
  files: { uploadsEach: 2, concurrentUploads: 10 },
};

export const FULL: Sizes = {
  seconds: 10,
  warmUpSeconds: 5,
  curveSecondsPerPoint: 10,
  idleConnections: 10_000,
  joinStormClients: 2_000,
  joinWaveClients: 5_000,
  joinWaveInFlight: 200,
  historyMessages: 1_000_000,
  historyJoins: 50,
  receiptsClients: 100,
  search: { messages: 1_000_000, rooms: 100, queriesPerKind: 100 },
  files: { uploadsEach: 10, concurrentUploads: 10 },
};

/** How each column's server is started; `parley` follows --topology. */
export interface Launcher {
  /** Parley in the run's topology: one instance, or the stack. */
  parley(env?: Record<string, string>): Promise<Target>;
  /** One Parley instance, direct, whatever the topology. */
  oneInstance(env?: Record<string, string>): Promise<Target>;
  /** Two Parley instances on Redis behind nginx, whatever the topology. */
  stack(): Promise<Target>;
  bare(): Promise<Target>;
}

/** One column of a scenario. */
export interface Side {
  /** Printed for the baseline column; without it, the started server's own label. */
  label?: string;
  start(launch: Launcher): Promise<Target>;
  run(target: Target, database: BenchDatabase): Promise<Outcome>;
}

/** A figure's value by name, in one column (NaN when that column has no such figure). */
export type Lookup = (figure: string) => number;

export interface Check {
  figure: string;
  target: string;
  met(parley: Lookup, baseline: Lookup): boolean;
}

export interface Plan {
  name: string;
  describe: string;
  /** Most sockets open at once, for --topology stack, whose nginx holds a bounded number. */
  sockets: number;
  parley: Side;
  baseline: Side | null;
  checks: Check[];
}

const inTopology = (run: Side['run']): Side => ({ start: (launch) => launch.parley(), run });
const bareWs = (run: Side['run']): Side => ({ label: 'bare ws', start: (launch) => launch.bare(), run });

const atMost = (figure: string, limit: number, unit: string): Check => ({
  figure,
  target: `≤ ${limit.toLocaleString('en-US')} ${unit}`,
  met: (parley) => parley(figure) <= limit,
});
const atLeast = (figure: string, limit: number, unit: string): Check => ({
  figure,
  target: `≥ ${limit.toLocaleString('en-US')}${unit}`,
  met: (parley) => parley(figure) >= limit,
});
const atMostTimesBaseline = (figure: string, times: number): Check => ({
  figure,
  target: `≤ ${times} × baseline`,
  met: (parley, baseline) => parley(figure) <= times * baseline(figure),
});
const atLeastTimesBaseline = (figure: string, times: number): Check => ({
  figure,
  target: `≥ ${times} × baseline`,
  met: (parley, baseline) => parley(figure) >= times * baseline(figure),
});

const describeLoad = (load: PacedLoad) =>
  `${load.rooms} rooms × ${load.clientsPerRoom} clients, one sender per room at ${load.perSecond} msg/s ` +
  `(${(load.rooms * load.clientsPerRoom * load.perSecond).toLocaleString('en-US')} deliveries/s offered)`;

export function plans(sizes: Sizes): Plan[] {
  const { seconds, warmUpSeconds } = sizes;
  const warmUp = { warmUpSeconds };
  const fanoutLoad: PacedLoad = { rooms: 10, clientsPerRoom: 50, perSecond: 50, seconds, warmUpSeconds };
  const smallFanoutLoad: PacedLoad = { rooms: 2, clientsPerRoom: 45, perSecond: 50, seconds, warmUpSeconds };
  const curve = {
    warmUpSeconds,
    rooms: 20,
    clientsPerRoom: 50,
    offered: [5_000, 10_000, 25_000, 50_000, 100_000],
    secondsPerPoint: sizes.curveSecondsPerPoint,
  };
  const saturateClients = 100;
  const persistRooms = 20;
  return [
    {
      name: 'saturate',
      describe: `1 room × ${saturateClients} clients, one sender, 50 in flight`,
      sockets: saturateClients,
      parley: inTopology((target) => saturate(target, saturateClients, seconds, warmUp)),
      baseline: bareWs((target) => saturate(target, saturateClients, seconds, warmUp)),
      checks: [atLeastTimesBaseline('deliveries/s', 0.9)],
    },
    {
      name: 'fanout',
      describe: describeLoad(fanoutLoad),
      sockets: fanoutLoad.rooms * fanoutLoad.clientsPerRoom,
      parley: inTopology((target) => fanout(target, fanoutLoad)),
      baseline: bareWs((target) => fanout(target, fanoutLoad)),
      checks: [
        atMostTimesBaseline('server CPU', 1.3),
        atMost('latency p99', 10, 'ms'),
        { figure: 'faulty deliveries', target: '0', met: (parley) => parley('faulty deliveries') === 0 },
      ],
    },
    {
      name: 'small fanout',
      describe: describeLoad(smallFanoutLoad),
      sockets: smallFanoutLoad.rooms * smallFanoutLoad.clientsPerRoom,
      parley: inTopology((target) => fanout(target, smallFanoutLoad)),
      baseline: bareWs((target) => fanout(target, smallFanoutLoad)),
      checks: [atMostTimesBaseline('server CPU', 2), atMost('latency p99', 5, 'ms')],
    },
    {
      name: 'load curve',
      describe:
        `${curve.rooms} rooms × ${curve.clientsPerRoom} clients, one sender per room, at ` +
        `${curve.offered.map((offered) => `${offered / 1000}k`).join(', ')} deliveries/s offered, ` +
        `${curve.secondsPerPoint} s each`,
      sockets: curve.rooms * curve.clientsPerRoom,
      parley: inTopology((target) => loadCurve(target, curve)),
      baseline: bareWs((target) => loadCurve(target, curve)),
      checks: [],
    },
    {
      name: 'scale-out',
      describe: `the fanout load through nginx to 2 instances on Redis, against 1 instance direct (same core)`,
      sockets: fanoutLoad.rooms * fanoutLoad.clientsPerRoom,
      parley: { start: (launch) => launch.stack(), run: (target) => fanout(target, fanoutLoad) },
      baseline: {
        label: 'one instance, direct',
        start: (launch) => launch.oneInstance(),
        run: (target) => fanout(target, fanoutLoad),
      },
      checks: [],
    },
    {
      name: 'conns',
      describe: `${sizes.idleConnections.toLocaleString('en-US')} idle connections in 100 rooms`,
      sockets: sizes.idleConnections,
      parley: inTopology((target) => idleConnections(target, sizes.idleConnections)),
      baseline: bareWs((target) => idleConnections(target, sizes.idleConnections)),
      checks: [atMost('RSS per connection', 10, 'KiB'), atLeast('connected', sizes.idleConnections, ` (all)`)],
    },
    {
      name: 'join storm',
      describe: `${sizes.joinStormClients.toLocaleString('en-US')} clients join one room at once`,
      sockets: sizes.joinStormClients,
      parley: inTopology((target) => joinStorm(target, sizes.joinStormClients)),
      baseline: bareWs((target) => joinStorm(target, sizes.joinStormClients)),
      checks: [atMost('all joined in', 2.5, 's')],
    },
    {
      name: 'joins',
      describe:
        `${sizes.joinWaveClients.toLocaleString('en-US')} clients into one room, ${sizes.joinWaveInFlight} ` +
        `joining at a time (every client reconnecting after a restart)`,
      sockets: sizes.joinWaveClients,
      parley: inTopology((target) => joinWave(target, sizes.joinWaveClients, sizes.joinWaveInFlight)),
      baseline: bareWs((target) => joinWave(target, sizes.joinWaveClients, sizes.joinWaveInFlight)),
      checks: [atMostTimesBaseline('server CPU per join', 2), atMost('RSS per connection, all in one room', 10, 'KiB')],
    },
    {
      name: 'history',
      describe: `joiners of a room holding ${sizes.historyMessages.toLocaleString('en-US')} messages, one at a time`,
      sockets: 1,
      parley: inTopology((target, database) => history(target, database, sizes.historyMessages, sizes.historyJoins)),
      baseline: null,
      checks: [atMost('first frame p99', 20, 'ms')],
    },
    {
      name: 'persist',
      describe: `${persistRooms} rooms, one sender each, 100 unacked`,
      sockets: persistRooms,
      parley: inTopology((target, database) => persist(target, database, persistRooms, seconds)),
      baseline: {
        label: 'one INSERT per message',
        start: (launch) => launch.parley({ MESSAGE_BATCH_MAX: '1' }),
        run: (target, database) => persist(target, database, persistRooms, seconds),
      },
      checks: [atLeast('stored+acked msgs/s', 20_000, '/s')],
    },
    {
      name: 'persist signed in',
      describe: `the persist load with every sender a registered user on a socket ticket, against guests`,
      sockets: persistRooms,
      parley: inTopology((target, database) => persist(target, database, persistRooms, seconds, true)),
      baseline: {
        label: 'guests',
        start: (launch) => launch.parley(),
        run: (target, database) => persist(target, database, persistRooms, seconds, false),
      },
      checks: [atLeastTimesBaseline('stored+acked msgs/s', 0.9)],
    },
    {
      name: 'persist search off',
      describe: `the persist load, against the same with search indexing off (message_search made a BLACKHOLE table)`,
      sockets: persistRooms,
      parley: inTopology((target, database) => persist(target, database, persistRooms, seconds)),
      baseline: {
        label: 'search indexing off',
        start: (launch) => launch.parley(),
        run: (target, database) =>
          withoutSearchIndexing(database, () => persist(target, database, persistRooms, seconds)),
      },
      checks: [atLeastTimesBaseline('stored+acked msgs/s', 0.9)],
    },
    {
      name: 'search',
      describe:
        `${sizes.search.messages.toLocaleString('en-US')} messages over ${sizes.search.rooms} rooms (Zipf-like ` +
        `vocabulary), ${sizes.search.queriesPerKind} queries of each kind one at a time: MariaDB, against SQLite`,
      sockets: 0,
      parley: searchOnMariadb(sizes.search),
      baseline: searchOnSqlite(sizes.search),
      checks: ['two words', 'phrase', 'from: + word', 'in: + word'].map((kind) => ({
        figure: `${kind} p99`,
        target: '≤ 50 ms on both',
        met: (parley, baseline) => parley(`${kind} p99`) <= 50 && baseline(`${kind} p99`) <= 50,
      })),
    },
    {
      name: 'files',
      describe:
        `a 10 MB file and a 4000×3000 JPEG uploaded ${sizes.files.uploadsEach} times each, then ` +
        `${sizes.files.concurrentUploads} at once (the server's event-loop lag meanwhile), against copying the same ` +
        'bytes to disk (and the copier’s own event-loop lag)',
      sockets: 1,
      parley: filesOnParley(sizes.files),
      baseline: filesOnDisk(sizes.files),
      checks: [atMost(`event-loop lag p99, ${sizes.files.concurrentUploads} uploads at once`, 20, 'ms')],
    },
    ...(
      [
        ['receipts', 'as the web client', 'as the web client does (at once, then at most once a second)'],
        ['receipts per message', 'every message', 'after every message it gets'],
      ] as const
    ).map(([name, readMarkers, pace]): Plan => ({
      name,
      describe:
        `1 room × ${sizes.receiptsClients} signed-in clients under the saturate load, each moving its read ` +
        `marker ${pace} and typing every 2–3 s, against the same without them`,
      sockets: sizes.receiptsClients,
      parley: inTopology((target) => receipts(target, sizes.receiptsClients, seconds, readMarkers, warmUp)),
      baseline: {
        label: 'no receipts or typing',
        start: (launch) => launch.parley(),
        run: (target) => receipts(target, sizes.receiptsClients, seconds, 'none', warmUp),
      },
      checks: [atLeastTimesBaseline('deliveries/s', 0.9)],
    })),
  ];
}
