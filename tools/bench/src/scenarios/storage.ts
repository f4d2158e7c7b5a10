/** Storing messages as fast as acknowledgements allow. */
import { BenchClient, sleep } from '../client.js';
import { CpuMeter } from '../cpu.js';
import type { BenchDatabase, Target } from '../servers.js';
import { signedInTickets } from './accounts.js';
import { closeAll, connect, errorsOf, finish, joined, settle, type Outcome } from './outcome.js';

/** Messages each sender keeps unacknowledged: every ack sends the next. */
const UNACKED = 100;
/** How long acks still due after the window are waited for (one INSERT per message needs far longer: not waited for). */
const ACK_DRAIN_MS = 5_000;

/**
 * One sender per room, each keeping UNACKED messages unacknowledged: stored-and-acked messages per second, checked
 * against the rows in MariaDB. `signedIn` makes every sender a registered user on a ticket rather than a guest (same
 * work per message, the sender's id on each row).
 */
export async function persist(
  target: Target,
  database: BenchDatabase,
  roomCount: number,
  seconds: number,
  signedIn = false,
): Promise<Outcome> {
  const rooms = Array.from({ length: roomCount }, (_, i) => `persist-${i}`);
  const senders = signedIn ? await signedInSenders(target, rooms) : connect(target, rooms, 1, null);
  await joined(target, senders, 20_000);
  const acked = () => senders.reduce((sum, sender) => sum + sender.acks, 0);
  const meter = CpuMeter.start(target);
  const stopAt = performance.now() + seconds * 1000;
  let sent = 0;
  for (const sender of senders) {
    sender.onAck = () => {
      if (performance.now() < stopAt) {
        sent++;
        sender.send();
      }
    };
    for (let i = 0; i < UNACKED; i++) {
      sent++;
      sender.send();
    }
  }
  await sleep(seconds * 1000);
  const cpu = meter.stop();
  const ackedInWindow = acked();
  await settle(() => acked() >= sent, acked, ACK_DRAIN_MS);
  const [rows] = (await database.query(
    `SELECT COUNT(*) AS stored FROM {db}.messages m JOIN {db}.rooms r ON r.id = m.room_id WHERE r.slug LIKE 'persist-%'`,
  )) as [Array<{ stored: number }>];
  closeAll(senders);
  return finish(
    [{ name: 'stored+acked msgs/s', value: ackedInWindow / cpu.seconds, unit: '/s' }],
    cpu,
    { count: ackedInWindow, per: 1000, unit: 'stored msgs' },
    {
      lost: sent - acked() + Math.abs(Number(rows[0].stored) - acked()),
      duplicates: 0,
      misrouted: 0,
      errors: errorsOf(senders),
    },
  );
}

async function signedInSenders(target: Target, rooms: string[]): Promise<BenchClient[]> {
  const tickets = await signedInTickets(target, rooms.length);
  return rooms.map((room, i) => new BenchClient(target.wsUrls[0], room, `${room}-u0`, null, tickets[i]));
}
