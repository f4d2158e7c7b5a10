import { LIMITS, type ClientFrame, type ServerFrame } from '@parley/contracts';
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

/**
 * Frames the generator does not check: skipping their parse keeps it off the critical path. (The bare broadcaster
 * relays typing frames as they were sent, which start the same way.)
 */
const UNCHECKED_FRAMES = ['{"event":"system"', '{"event":"receipt"', '{"event":"typing"'];
const PRESENCE_FRAME = '{"event":"presence"';
const FRAME_HEAD_BYTES = Math.max(...[PRESENCE_FRAME, ...UNCHECKED_FRAMES].map((prefix) => prefix.length));

let nextProbeId = 0;

/**
 * How a client moves its read marker: not at all; after every message it gets (the worst case); or as an
 * open room in the web client does, at once and then at most once per LIMITS.readMarkerIntervalMs with the newest seq.
 */
export type ReadMarkers = 'none' | 'every message' | 'as the web client';

/** One load-generator connection, speaking the same frames to Parley and to the bare broadcaster. */
export class BenchClient {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  /** Resolves when Parley's history frame arrived (never for the baseline, which sends none). */
  readonly history: Promise<void>;
  /** Resolves when Parley's presence snapshot arrived (never for the baseline). */
  readonly presence: Promise<void>;
  acks = 0;
  errors = 0;
  readMarkers: ReadMarkers = 'none';
  private seenSeq = 0;
  private readSentAt = Number.NEGATIVE_INFINITY;
  private readTimer: NodeJS.Timeout | undefined;
  onDelivery: (() => void) | null = null;
  onAck: (() => void) | null = null;
  private resolveHistory!: () => void;
  private resolvePresence!: () => void;
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
    this.presence = new Promise((resolve) => (this.resolvePresence = resolve));
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('error', () => undefined);
    // With the default binaryType ('nodebuffer'), every message arrives as one Buffer.
    this.socket.on('message', (raw: Buffer) => this.receive(raw));
  }

  /** Sends one probe message; returns its id. */
  send(): number {
    const probe: Probe = { i: nextProbeId++, t: performance.now(), r: this.room };
    this.ownPending.add(probe.i);
    this.sendFrame({ event: 'message', data: { content: JSON.stringify(probe), clientId: `b${probe.i}` } });
    return probe.i;
  }

  /** Says the person is typing (Parley keeps them typing for 6 s after the last one). */
  typing(): void {
    this.sendFrame({ event: 'typing', data: { typing: true } });
  }

  close(): void {
    clearTimeout(this.readTimer);
    this.socket.terminate();
  }

  private sendFrame(frame: ClientFrame): void {
    this.socket.send(JSON.stringify(frame));
  }

  private receive(raw: Buffer): void {
    // Only the head is decoded to tell frames apart: presence snapshots of large rooms run to tens of kilobytes.
    const head = raw.toString('latin1', 0, FRAME_HEAD_BYTES);
    if (head.startsWith(PRESENCE_FRAME)) {
      this.resolvePresence();
      return;
    }
    if (UNCHECKED_FRAMES.some((prefix) => head.startsWith(prefix))) return;
    // From the bare broadcaster a message frame is the sender's own, as sent: its content is the probe all the same.
    const frame = JSON.parse(raw.toString()) as ServerFrame;
    switch (frame.event) {
      case 'message': {
        const probe = JSON.parse(frame.data.content) as Probe;
        this.ledger?.delivered(this.name, this.room, probe.r, probe.i, probe.t);
        if (this.ownPending.delete(probe.i)) this.onDelivery?.();
        if (this.readMarkers === 'every message') this.sendFrame({ event: 'read', data: { seq: frame.data.seq } });
        else if (this.readMarkers === 'as the web client') this.markRead(frame.data.seq);
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

  private markRead(seq: number): void {
    this.seenSeq = Math.max(this.seenSeq, seq);
    if (this.readTimer !== undefined) return;
    const wait = this.readSentAt + LIMITS.readMarkerIntervalMs - performance.now();
    if (wait > 0) {
      this.readTimer = setTimeout(() => {
        this.readTimer = undefined;
        this.markRead(this.seenSeq);
      }, wait);
      return;
    }
    this.readSentAt = performance.now();
    this.sendFrame({ event: 'read', data: { seq: this.seenSeq } });
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
