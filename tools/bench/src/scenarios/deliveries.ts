/** Scenarios that send messages into rooms and check and time every delivery. */
import { BenchClient, sleep, type ReadMarkers } from '../client.js';
import { CpuMeter, type CpuWindow } from '../cpu.js';
import type { Target } from '../servers.js';
import { DeliveryLedger, type Latencies } from '../stats.js';
import { signedInTickets } from './accounts.js';
import {
  closeAll,
  connect,
  cpuMsPer,
  drained,
  finish,
  joined,
  latencyFigures,
  ledgerFaults,
  type CurvePoint,
  type Outcome,
} from './outcome.js';

/** Messages the saturating sender keeps in flight: each of its own deliveries sends the next. */
const SATURATE_IN_FLIGHT = 50;

interface DeliveryWindow {
  delivered: number;
  latency: Latencies;
  cpu: CpuWindow;
}

function deliveryOutcome(window: DeliveryWindow, ledger: DeliveryLedger, clients: BenchClient[]): Outcome {
  return finish(
    [
      { name: 'deliveries/s', value: window.delivered / window.cpu.seconds, unit: '/s' },
      ...latencyFigures(window.latency),
    ],
    window.cpu,
    { count: window.delivered, per: 1000, unit: 'deliveries' },
    ledgerFaults(ledger, clients),
  );
}

/**
 * How long a delivery scenario runs its load unmeasured before its window: the figures are of the server compiled
 * for the work (V8 optimises a function once it is hot), not of its first seconds. Both sides get the same.
 */
export interface WarmUp {
  warmUpSeconds: number;
}

/** 1 room × N clients, one sender keeping SATURATE_IN_FLIGHT messages in flight: as fast as the room goes. */
export async function saturate(
  target: Target,
  clientCount: number,
  seconds: number,
  { warmUpSeconds }: WarmUp,
): Promise<Outcome> {
  const ledger = new DeliveryLedger();
  const clients = connect(target, ['saturate'], clientCount, ledger);
  await joined(target, clients, 20_000);
  await saturateWindow(target, clients, ledger, warmUpSeconds);
  const window = await saturateWindow(target, clients, ledger, seconds);
  closeAll(clients);
  return deliveryOutcome(window, ledger, clients);
}

/** The window runs until every message sent before its end was delivered (or stopped arriving). */
async function saturateWindow(
  target: Target,
  clients: BenchClient[],
  ledger: DeliveryLedger,
  seconds: number,
): Promise<DeliveryWindow> {
  const sender = clients[0];
  const receivedBefore = ledger.received;
  ledger.newWindow();
  const meter = CpuMeter.start(target);
  const stopAt = performance.now() + seconds * 1000;
  const sendOne = () => {
    ledger.sent(clients.length);
    sender.send();
  };
  sender.onDelivery = () => {
    if (performance.now() < stopAt) sendOne();
  };
  for (let i = 0; i < SATURATE_IN_FLIGHT; i++) sendOne();
  await sleep(seconds * 1000);
  await drained(ledger);
  return { delivered: ledger.received - receivedBefore, latency: ledger.latency, cpu: meter.stop() };
}

export interface PacedLoad extends WarmUp {
  rooms: number;
  clientsPerRoom: number;
  /** Messages each room's sender sends per second. */
  perSecond: number;
  seconds: number;
}

/** R rooms × C clients, one sender per room at a steady rate: R × C × rate deliveries/s offered. */
export async function fanout(target: Target, load: PacedLoad): Promise<Outcome> {
  const ledger = new DeliveryLedger();
  const { clients, senders } = await roomsWithSenders(target, 'fanout', load.rooms, load.clientsPerRoom, ledger);
  await pacedWindow(target, ledger, senders, { ...load, seconds: load.warmUpSeconds });
  const window = await pacedWindow(target, ledger, senders, load);
  closeAll(clients);
  const outcome = deliveryOutcome(window, ledger, clients);
  outcome.figures.push({
    name: 'faulty deliveries',
    value: outcome.lost + outcome.duplicates + outcome.misrouted,
    unit: '',
    loadBound: false,
  });
  return outcome;
}

export interface CurveShape extends WarmUp {
  rooms: number;
  clientsPerRoom: number;
  /** Deliveries per second offered at each point, in order. */
  offered: number[];
  secondsPerPoint: number;
}

/**
 * One load after the other over the same clients: each point's send rate per room offers its deliveries/s, and its
 * window lasts until the backlog it left is delivered, so a server past its knee shows it in latency and delivered/s.
 */
export async function loadCurve(target: Target, shape: CurveShape): Promise<Outcome> {
  const ledger = new DeliveryLedger();
  const { clients, senders } = await roomsWithSenders(target, 'curve', shape.rooms, shape.clientsPerRoom, ledger);
  const perSecondAt = (offered: number) => offered / (shape.rooms * shape.clientsPerRoom);
  await pacedWindow(target, ledger, senders, {
    ...shape,
    perSecond: perSecondAt(shape.offered[0]),
    seconds: shape.warmUpSeconds,
  });
  const curve: CurvePoint[] = [];
  for (const offered of shape.offered) {
    const window = await pacedWindow(target, ledger, senders, {
      ...shape,
      perSecond: perSecondAt(offered),
      seconds: shape.secondsPerPoint,
    });
    curve.push({
      offered,
      delivered: window.delivered / window.cpu.seconds,
      p50: window.latency.percentile(50),
      p99: window.latency.percentile(99),
      cpu: window.cpu,
      cpuPerThousand: cpuMsPer(window.cpu.server, window.cpu, {
        count: window.delivered,
        per: 1000,
        unit: 'deliveries',
      }),
    });
  }
  closeAll(clients);
  return { figures: [], cpu: null, curve, ...ledgerFaults(ledger, clients) };
}

/** Rooms joined one after the other: a burst of thousands of SYNs would overflow the listen backlog (511). */
async function roomsWithSenders(
  target: Target,
  prefix: string,
  rooms: number,
  perRoom: number,
  ledger: DeliveryLedger,
): Promise<{ clients: BenchClient[]; senders: BenchClient[] }> {
  const clients: BenchClient[] = [];
  const senders: BenchClient[] = [];
  for (let i = 0; i < rooms; i++) {
    const room = connect(target, [`${prefix}-${i}`], perRoom, ledger);
    await joined(target, room, 30_000);
    clients.push(...room);
    senders.push(room[0]);
  }
  return { clients, senders };
}

/** Every sender sends `perSecond` messages a second for `seconds`; the window closes once they are delivered. */
async function pacedWindow(
  target: Target,
  ledger: DeliveryLedger,
  senders: BenchClient[],
  load: Pick<PacedLoad, 'clientsPerRoom' | 'perSecond' | 'seconds'>,
): Promise<DeliveryWindow> {
  const receivedBefore = ledger.received;
  ledger.newWindow();
  const meter = CpuMeter.start(target);
  const started = performance.now();
  const sentBy = senders.map(() => 0);
  while (performance.now() - started < load.seconds * 1000) {
    const intervals = ((performance.now() - started) / 1000) * load.perSecond;
    senders.forEach((sender, i) => {
      // Room i sends its k-th message at (k + i/R) / rate: the rooms take turns, as people do, instead of all sending
      // at once, whose bursts would time the generator working through them as much as the server.
      const due = Math.floor(intervals - i / senders.length) + 1;
      for (; sentBy[i] < due; sentBy[i]++) {
        ledger.sent(load.clientsPerRoom);
        sender.send();
      }
    });
    await sleep(2);
  }
  await drained(ledger);
  return { delivered: ledger.received - receivedBefore, latency: ledger.latency, cpu: meter.stop() };
}

/**
 * One room of signed-in clients under the saturate load, moving their read markers as `readMarkers` says; unless
 * that is 'none', each also says it is typing at a person's pace.
 */
export async function receipts(
  target: Target,
  clientCount: number,
  seconds: number,
  readMarkers: ReadMarkers,
  { warmUpSeconds }: WarmUp,
): Promise<Outcome> {
  const ledger = new DeliveryLedger();
  const tickets = await signedInTickets(target, clientCount);
  const clients = tickets.map(
    (ticket, i) =>
      new BenchClient(target.wsUrls[i % target.wsUrls.length], 'receipts', `receipts-u${i}`, ledger, ticket),
  );
  await joined(target, clients, 30_000);
  clients.forEach((client) => (client.readMarkers = readMarkers));
  const stopTyping = readMarkers === 'none' ? () => undefined : typeAtAPersonsPace(clients);
  await saturateWindow(target, clients, ledger, warmUpSeconds);
  const window = await saturateWindow(target, clients, ledger, seconds);
  stopTyping();
  closeAll(clients);
  return deliveryOutcome(window, ledger, clients);
}

/** Each client says it is typing every 2–3 s, from a random moment on; returns what stops them. */
function typeAtAPersonsPace(clients: BenchClient[]): () => void {
  const timers = new Set<NodeJS.Timeout>();
  const typeLater = (client: BenchClient, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      client.typing();
      typeLater(client, 2_000 + Math.random() * 1_000);
    }, delayMs);
    timers.add(timer);
  };
  clients.forEach((client) => typeLater(client, Math.random() * 3_000));
  return () => timers.forEach((timer) => clearTimeout(timer));
}
