import { WebSocket } from 'ws';
import type { DeliveryLedger } from './stats.js';

/** What the generator puts in every message's content, so each delivery can be checked and timed. */
interface Probe {
  /** Unique message id within the run. */
  i: number;
  /** performance.now() when sent (same process, same clock). */
  t: number;
  /** Room it was sent to. */
  r: string;
}

let nextProbeId = 0;

/** One load-generator connection, speaking the same frames to Parley and to the bare broadcaster. */
export class BenchClient {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  /** Resolves when Parley's history frame arrived (never for the baseline, which sends none). */
  readonly history: Promise<void>;
  acks = 0;
  errors = 0;
  ownDeliveries = 0;
  onDelivery: (() => void) | null = null;
  onAck: (() => void) | null = null;
  private resolveHistory!: () => void;
  /** This client's probes not yet delivered back to it: its window of messages in flight. */
  private readonly ownPending = new Set<number>();

  /** A guest under `name`, or with `ticket` the signed-in user it was issued for. */
  constructor(
    baseUrl: string,
    readonly room: string,
    readonly name: string,
    private readonly ledger: DeliveryLedger | null,
    ticket?: string,
  ) {
    const credential = ticket === undefined ? `username=${encodeURIComponent(name)}` : `ticket=${ticket}`;
    this.socket = new WebSocket(`${baseUrl}/ws/${room}?${credential}`, { perMessageDeflate: false });
    this.history = new Promise((resolve) => (this.resolveHistory = resolve));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('error', () => undefined);
    this.socket.on('message', (raw) => this.receive(raw.toString()));
  }

  /** Sends one probe message; returns its id. */
  send(): number {
    const probe: Probe = { i: nextProbeId++, t: performance.now(), r: this.room };
    this.ownPending.add(probe.i);
    this.socket.send(
      `{"event":"message","data":{"content":${JSON.stringify(JSON.stringify(probe))},"clientId":"b${probe.i}"}}`,
    );
    return probe.i;
  }

  close(): void {
    this.socket.terminate();
  }

  private receive(text: string): void {
    // Presence and notices are not checked here; skipping their parse keeps the generator off the critical path.
    if (text.startsWith('{"event":"presence"') || text.startsWith('{"event":"system"')) return;
    const frame = JSON.parse(text) as { event: string; data: { content?: string } };
    switch (frame.event) {
      case 'message': {
        const probe = JSON.parse(frame.data.content!) as Probe;
        this.ledger?.delivered(this.name, this.room, probe.r, probe.i, probe.t);
        if (this.ownPending.delete(probe.i)) {
          this.ownDeliveries += 1;
          this.onDelivery?.();
        }
        break;
      }
      case 'history':
        this.resolveHistory();
        break;
      case 'ack':
        this.acks += 1;
        this.onAck?.();
        break;
      case 'error':
        this.errors += 1;
        break;
    }
  }
}

export async function openAll(clients: BenchClient[], timeoutMs: number): Promise<void> {
  await withTimeout(Promise.all(clients.map((client) => client.opened)), timeoutMs, 'connections to open');
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
