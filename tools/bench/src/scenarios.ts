import { randomUUID } from 'node:crypto';
import { BenchClient, openAll, sleep, withTimeout } from './client.js';
import type { BenchDatabase, Target } from './servers.js';
import { DeliveryLedger, Latencies } from './stats.js';

export interface Figure {
  name: string;
  value: number;
  unit: string;
}

/** Every scenario reports its figures and what its ledger saw; loss, duplicates and misroutes must be 0. */
export interface Outcome {
  figures: Figure[];
  lost: number;
  duplicates: number;
  misrouted: number;
  errors: number;
}

export interface Sizes {
  seconds: number;
  saturateClients: number;
  fanoutRooms: number;
  fanoutClientsPerRoom: number;
  idleConnections: number;
  joinStormClients: number;
  historyMessages: number;
  historyJoins: number;
  persistRooms: number;
}

const DRAIN_MS = 5_000;

function connect(target: Target, rooms: string[], perRoom: number, ledger: DeliveryLedger | null): BenchClient[] {
  return rooms.flatMap((room) =>
    Array.from(
      { length: perRoom },
      (_, i) => new BenchClient(target.wsUrls[i % target.wsUrls.length], room, `${room}-u${i}`, ledger),
    ),
  );
}

/** Parley answers every join with history; the bare broadcaster has none, so an open socket is joined. */
async function joined(target: Target, clients: BenchClient[], timeoutMs: number): Promise<void> {
  await openAll(clients, timeoutMs);
  if (target.kind === 'parley') {
    await withTimeout(Promise.all(clients.map((client) => client.history)), timeoutMs, 'history frames');
  }
}

function latencyFigures(latency: Latencies): Figure[] {
  return [
    { name: 'latency p50', value: latency.percentile(50), unit: 'ms' },
    { name: 'latency p95', value: latency.percentile(95), unit: 'ms' },
    { name: 'latency p99', value: latency.percentile(99), unit: 'ms' },
    { name: 'latency max', value: latency.max(), unit: 'ms' },
  ];
}

function outcome(ledger: DeliveryLedger, clients: BenchClient[], figures: Figure[]): Outcome {
  return {
    figures,
    lost: ledger.lost,
    duplicates: ledger.duplicates,
    misrouted: ledger.misrouted,
    errors: clients.reduce((sum, client) => sum + client.errors, 0),
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(10);
}

/** 1 room × N clients, one sender keeping 50 messages in flight (its own deliveries close the window). */
export async function saturate(target: Target, sizes: Sizes): Promise<Outcome> {
  const ledger = new DeliveryLedger();
  const clients = connect(target, ['saturate'], sizes.saturateClients, ledger);
  await joined(target, clients, 20_000);
  const sender = clients[0];
  const window = 50;
  const started = performance.now();
  const stopAt = started + sizes.seconds * 1000;
  let lastDelivery = started;
  const sendOne = () => {
    ledger.sent(clients.length);
    sender.send();
  };
  sender.onDelivery = () => {
    lastDelivery = performance.now();
    if (lastDelivery < stopAt) sendOne();
  };
  for (let i = 0; i < window; i++) sendOne();
  await sleep(sizes.seconds * 1000);
  await waitUntil(() => ledger.received >= ledger.expected, DRAIN_MS);
  const elapsedSeconds = (Math.max(lastDelivery, stopAt) - started) / 1000;
  clients.forEach((client) => client.close());
  return outcome(ledger, clients, [
    { name: 'deliveries/s', value: ledger.received / elapsedSeconds, unit: '/s' },
    ...latencyFigures(ledger.latency),
  ]);
}

/** R rooms × C clients, one sender per room at 50 messages/s. */
export async function fanout(target: Target, sizes: Sizes): Promise<Outcome> {
  const ledger = new DeliveryLedger();
  const rooms = Array.from({ length: sizes.fanoutRooms }, (_, i) => `fanout-${i}`);
  const clients = connect(target, rooms, sizes.fanoutClientsPerRoom, ledger);
  await joined(target, clients, 30_000);
  const senders = rooms.map((_, i) => clients[i * sizes.fanoutClientsPerRoom]);
  const perSecond = 50;
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < sizes.seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * perSecond);
    for (; sent < due; sent++) {
      for (const sender of senders) {
        ledger.sent(sizes.fanoutClientsPerRoom);
        sender.send();
      }
    }
    await sleep(2);
  }
  await waitUntil(() => ledger.received >= ledger.expected, DRAIN_MS);
  clients.forEach((client) => client.close());
  return outcome(ledger, clients, [
    { name: 'deliveries/s', value: ledger.received / sizes.seconds, unit: '/s' },
    ...latencyFigures(ledger.latency),
  ]);
}

/** N idle connections over 100 rooms: the server's resident memory per connection. */
export async function idleConnections(target: Target, sizes: Sizes): Promise<Outcome> {
  const rooms = Array.from({ length: 100 }, (_, i) => `idle-${i}`);
  const perRoom = Math.ceil(sizes.idleConnections / rooms.length);
  await sleep(500);
  const before = target.rss();
  const clients: BenchClient[] = [];
  // One room (100 sockets) at a time: a burst of thousands of SYNs would overflow the listen backlog (511).
  for (let start = 0; start < rooms.length; start++) {
    const batch = connect(target, rooms.slice(start, start + 1), perRoom, null);
    clients.push(...batch);
    await joined(target, batch, 60_000);
  }
  await sleep(2_000);
  const after = target.rss();
  const connected = clients.filter((client) => client.socket.readyState === client.socket.OPEN).length;
  clients.forEach((client) => client.close());
  return {
    figures: [
      { name: 'connected', value: connected, unit: '' },
      { name: 'RSS per connection', value: (after - before) / 1024 / clients.length, unit: 'KiB' },
    ],
    lost: clients.length - connected,
    duplicates: 0,
    misrouted: 0,
    errors: clients.reduce((sum, client) => sum + client.errors, 0),
  };
}

/** N clients connect to one room at once; done when each has its history (Parley) or is open (bare ws). */
export async function joinStorm(target: Target, sizes: Sizes): Promise<Outcome> {
  const started = performance.now();
  const clients = connect(target, ['storm'], sizes.joinStormClients, null);
  let failed = 0;
  try {
    await joined(target, clients, 30_000);
  } catch {
    failed = clients.filter((client) => client.socket.readyState !== client.socket.OPEN).length || 1;
  }
  const seconds = (performance.now() - started) / 1000;
  clients.forEach((client) => client.close());
  return {
    figures: [{ name: 'all joined in', value: seconds, unit: 's' }],
    lost: failed,
    duplicates: 0,
    misrouted: 0,
    errors: clients.reduce((sum, client) => sum + client.errors, 0),
  };
}

/** A room holding many stored messages; each new joiner's time from connecting to its history frame. */
export async function history(target: Target, sizes: Sizes, database: BenchDatabase): Promise<Outcome> {
  const seeder = new BenchClient(target.wsUrl, 'history', 'seeder', null);
  await joined(target, [seeder], 10_000);
  seeder.close();
  const [rooms] = (await database.query(`SELECT id FROM {db}.rooms WHERE slug = 'history'`)) as [Array<{ id: number }>];
  const roomId = rooms[0].id;
  const chunk = 5_000;
  for (let first = 1; first <= sizes.historyMessages; first += chunk) {
    const rows = [];
    for (let seq = first; seq < Math.min(first + chunk, sizes.historyMessages + 1); seq++) {
      rows.push([roomId, seq, randomUUID(), 'seeder', `stored message number ${seq}`, new Date()]);
    }
    await database.query(`INSERT INTO {db}.messages (room_id, seq, id, username, content, created_at) VALUES ?`, [
      rows,
    ]);
  }
  await database.query(`UPDATE {db}.rooms SET last_seq = ?, last_message_at = NOW(3) WHERE id = ?`, [
    sizes.historyMessages,
    roomId,
  ]);
  const latency = new Latencies();
  for (let i = 0; i < sizes.historyJoins; i++) {
    const started = performance.now();
    const joiner = new BenchClient(target.wsUrl, 'history', `joiner-${i}`, null);
    await withTimeout(joiner.history, 10_000, 'a history frame');
    latency.add(performance.now() - started);
    joiner.close();
  }
  return {
    figures: [
      { name: 'history frame p50', value: latency.percentile(50), unit: 'ms' },
      { name: 'history frame p99', value: latency.percentile(99), unit: 'ms' },
    ],
    lost: sizes.historyJoins - latency.count,
    duplicates: 0,
    misrouted: 0,
    errors: 0,
  };
}

/** One sender per room keeping 100 messages unacknowledged: stored-and-acked messages per second. */
/** One registered user per room, each holding a fresh socket ticket. */
async function signedInTickets(target: Target, count: number): Promise<string[]> {
  const post = async <T>(path: string, body: unknown, accessToken?: string): Promise<T> => {
    const response = await fetch(`${target.httpUrl}/api${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { accessToken } = await post<{ accessToken: string }>('/auth/register', {
        username: `bench-${process.pid}-${i}`,
        password: 'bench password',
      });
      return (await post<{ ticket: string }>('/auth/ticket', {}, accessToken)).ticket;
    }),
  );
}

/**
 * Senders storing as fast as acks allow: one per room, each keeping 100 messages unacked. `signedIn` makes every
 * sender a registered user on a ticket rather than a guest (same work per message, the sender's id on each row).
 */
export async function persist(
  target: Target,
  sizes: Sizes,
  database: BenchDatabase,
  signedIn = false,
): Promise<Outcome> {
  const rooms = Array.from({ length: sizes.persistRooms }, (_, i) => `persist-${i}`);
  const tickets = signedIn ? await signedInTickets(target, rooms.length) : [];
  const senders = signedIn
    ? rooms.map((room, i) => new BenchClient(target.wsUrls[0], room, `${room}-u0`, null, tickets[i]))
    : connect(target, rooms, 1, null);
  await joined(target, senders, 20_000);
  const window = 100;
  const started = performance.now();
  const stopAt = started + sizes.seconds * 1000;
  let sent = 0;
  for (const sender of senders) {
    sender.onAck = () => {
      if (performance.now() < stopAt) {
        sent++;
        sender.send();
      }
    };
    for (let i = 0; i < window; i++) {
      sent++;
      sender.send();
    }
  }
  await sleep(sizes.seconds * 1000);
  const ackedInWindow = senders.reduce((sum, sender) => sum + sender.acks, 0);
  await waitUntil(() => senders.reduce((sum, sender) => sum + sender.acks, 0) >= sent, DRAIN_MS);
  const acked = senders.reduce((sum, sender) => sum + sender.acks, 0);
  const [rows] = (await database.query(
    `SELECT COUNT(*) AS stored FROM {db}.messages m JOIN {db}.rooms r ON r.id = m.room_id WHERE r.slug LIKE 'persist-%'`,
  )) as [Array<{ stored: number }>];
  senders.forEach((sender) => sender.close());
  return {
    figures: [{ name: 'stored+acked msgs/s', value: ackedInWindow / sizes.seconds, unit: '/s' }],
    lost: sent - acked + Math.abs(Number(rows[0].stored) - acked),
    duplicates: 0,
    misrouted: 0,
    errors: senders.reduce((sum, sender) => sum + sender.errors, 0),
  };
}
