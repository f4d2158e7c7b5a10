/** Scenarios about getting into rooms and staying there: idle sockets, join bursts, history reads. */
import { randomUUID } from 'node:crypto';
import { BenchClient, sleep, withTimeout } from '../client.js';
import { CpuMeter } from '../cpu.js';
import type { BenchDatabase, Target } from '../servers.js';
import { Latencies } from '../stats.js';
import { closeAll, connect, errorsOf, finish, joined, type Outcome } from './outcome.js';

/** N idle connections over 100 rooms: the server's resident memory per connection. */
export async function idleConnections(target: Target, count: number): Promise<Outcome> {
  const rooms = Array.from({ length: 100 }, (_, i) => `idle-${i}`);
  const perRoom = Math.ceil(count / rooms.length);
  await sleep(500);
  const before = target.rss();
  const clients: BenchClient[] = [];
  const meter = CpuMeter.start(target);
  // One room (100 sockets) at a time: a burst of thousands of SYNs would overflow the listen backlog (511).
  for (const room of rooms) {
    const batch = connect(target, [room], perRoom, null);
    clients.push(...batch);
    await joined(target, batch, 60_000);
  }
  const cpu = meter.stop();
  // Let the joins' garbage be collected: what stays is what the connections hold.
  await sleep(2_000);
  const after = target.rss();
  const connected = clients.filter((client) => client.socket.readyState === client.socket.OPEN).length;
  closeAll(clients);
  return finish(
    [
      { name: 'connected', value: connected, unit: '', loadBound: false },
      { name: 'RSS per connection', value: (after - before) / 1024 / clients.length, unit: 'KiB', loadBound: false },
    ],
    cpu,
    { count: clients.length, per: 1, unit: 'connection' },
    { lost: clients.length - connected, duplicates: 0, misrouted: 0, errors: errorsOf(clients) },
  );
}

/** N clients connect to one room at once; done when each has its history and presence (Parley) or is open (bare ws). */
export async function joinStorm(target: Target, count: number): Promise<Outcome> {
  const meter = CpuMeter.start(target);
  const clients = connect(target, ['storm'], count, null);
  let failed = 0;
  try {
    await joined(target, clients, 30_000);
  } catch {
    failed = clients.filter((client) => client.socket.readyState !== client.socket.OPEN).length || 1;
  }
  const cpu = meter.stop();
  closeAll(clients);
  return finish(
    [{ name: 'all joined in', value: cpu.seconds, unit: 's' }],
    cpu,
    { count, per: 1, unit: 'join' },
    { lost: failed, duplicates: 0, misrouted: 0, errors: errorsOf(clients) },
  );
}

/**
 * N clients into one room with at most `inFlight` joining at a time, each staying: the wave of reconnections after a
 * restart, as clients retry. A join is done at its history and presence (Parley) or open socket (bare ws). Also the
 * server's resident memory per connection once they all sit in that one room.
 */
export async function joinWave(target: Target, count: number, inFlight: number): Promise<Outcome> {
  const clients: BenchClient[] = [];
  let failed = 0;
  await sleep(500);
  const rssBefore = target.rss();
  const meter = CpuMeter.start(target);
  const joinOneAfterAnother = async () => {
    while (clients.length < count) {
      const client = new BenchClient(
        target.wsUrls[clients.length % target.wsUrls.length],
        'wave',
        `wave-u${clients.length}`,
        null,
      );
      clients.push(client);
      await joined(target, [client], 30_000).catch(() => (failed += 1));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, joinOneAfterAnother));
  const cpu = meter.stop();
  // Let the joins' garbage be collected (and a large room's last presence snapshot go out): what stays is held.
  await sleep(6_000);
  const rssPerConnection = (target.rss() - rssBefore) / 1024 / count;
  closeAll(clients);
  return finish(
    [
      { name: 'joins/s', value: count / cpu.seconds, unit: '/s' },
      { name: 'all joined in', value: cpu.seconds, unit: 's' },
      { name: 'RSS per connection, all in one room', value: rssPerConnection, unit: 'KiB', loadBound: false },
    ],
    cpu,
    { count, per: 1, unit: 'join' },
    { lost: failed, duplicates: 0, misrouted: 0, errors: errorsOf(clients) },
  );
}

/** Rows per INSERT while seeding: large statements, few round trips, well under max_allowed_packet (16 MiB). */
const SEED_CHUNK = 10_000;

/** A room holding many stored messages; each new joiner's time from connecting to its first frame, the history. */
export async function history(
  target: Target,
  database: BenchDatabase,
  storedMessages: number,
  joins: number,
): Promise<Outcome> {
  await seedRoom(target, database, 'history', storedMessages);
  const latency = new Latencies();
  const meter = CpuMeter.start(target);
  for (let i = 0; i < joins; i++) {
    const started = performance.now();
    const joiner = new BenchClient(target.wsUrl, 'history', `joiner-${i}`, null);
    await withTimeout(joiner.history, 10_000, 'a history frame');
    latency.add(performance.now() - started);
    joiner.close();
  }
  const cpu = meter.stop();
  return finish(
    [
      { name: 'first frame p50', value: latency.percentile(50), unit: 'ms' },
      { name: 'first frame p99', value: latency.percentile(99), unit: 'ms' },
    ],
    cpu,
    { count: joins, per: 1, unit: 'join' },
    { lost: joins - latency.count, duplicates: 0, misrouted: 0, errors: 0 },
  );
}

/**
 * Opens the room through Parley, then writes its messages straight into MariaDB, as Parley stores them: a message
 * that never changed has its own seq as version and is not deleted.
 */
async function seedRoom(target: Target, database: BenchDatabase, room: string, messages: number): Promise<void> {
  const seeder = new BenchClient(target.wsUrl, room, 'seeder', null);
  await joined(target, [seeder], 10_000);
  seeder.close();
  const [rooms] = (await database.query(`SELECT id FROM {db}.rooms WHERE slug = ?`, [room])) as [Array<{ id: number }>];
  const roomId = rooms[0].id;
  const createdAt = new Date();
  for (let first = 1; first <= messages; first += SEED_CHUNK) {
    const rows = [];
    for (let seq = first; seq < Math.min(first + SEED_CHUNK, messages + 1); seq++) {
      rows.push([roomId, seq, randomUUID(), 'seeder', `stored message number ${seq}`, createdAt, seq, false]);
    }
    await database.query(
      `INSERT INTO {db}.messages (room_id, seq, id, username, content, created_at, version, deleted) VALUES ?`,
      [rows],
    );
  }
  await database.query(`UPDATE {db}.rooms SET last_seq = ?, last_message_at = NOW(3) WHERE id = ?`, [messages, roomId]);
}
