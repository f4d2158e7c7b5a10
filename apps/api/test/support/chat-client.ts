import type { AckData, ErrorData, Frame, ServerEvents } from '@parley/contracts';
import { WebSocket } from 'ws';

const DEFAULT_TIMEOUT_MS = 5000;

export interface Closed {
  code: number;
  reason: string;
}

/**
 * A real `ws` client that records every frame, so a test can wait for the next frame of a kind
 * and also assert afterwards on everything it was sent.
 */
export class ChatClient<Events extends object = ServerEvents> {
  readonly frames: Array<{ [E in keyof Events]: Frame<E & string, Events[E]> }[keyof Events]> = [];
  readonly closed: Promise<Closed>;
  private cursor = 0;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as (typeof this.frames)[number]);
      this.wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        this.wake();
      });
    });
    socket.on('error', () => undefined);
  }

  /**
   * Opens `/ws/<room>?username=…[&since=…]` (or `?ticket=…` when `options.ticket` is given, the name then unused),
   * resolving once the socket is open (not yet joined).
   */
  static async open(
    baseUrl: string,
    room: string,
    username: string,
    options: { since?: number; headers?: Record<string, string>; ticket?: string } = {},
  ): Promise<ChatClient> {
    const query = new URLSearchParams(options.ticket === undefined ? { username } : { ticket: options.ticket });
    if (options.since !== undefined) query.set('since', String(options.since));
    const socket = new WebSocket(`${baseUrl}/ws/${room}?${query}`, { headers: options.headers });
    const client = new ChatClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`Upgrade refused with HTTP ${response.statusCode}`)),
      );
    });
    return client;
  }

  /** Attempts an upgrade that should be refused; resolves to the HTTP status and headers of the refusal. */
  static refusal(
    baseUrl: string,
    room: string,
    username: string,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
    const socket = new WebSocket(`${baseUrl}/ws/${room}?${new URLSearchParams({ username })}`);
    return new Promise((resolve, reject) => {
      socket.once('unexpected-response', (_request, response) =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers }),
      );
      socket.once('open', () => {
        socket.close();
        reject(new Error('The upgrade was admitted'));
      });
      socket.once('error', reject);
    });
  }

  /** Opens and waits for the joining sequence: history, presence, own join notice. */
  static async join(baseUrl: string, room: string, username: string, since?: number): Promise<ChatClient> {
    const client = await ChatClient.open(baseUrl, room, username, { since });
    await client.next('history');
    await client.next('presence');
    await client.next('system', (data) => data.kind === 'join' && data.username === username);
    return client;
  }

  /** The next frame of this event (after the last one returned), optionally matching a predicate. */
  async next<E extends keyof Events>(
    event: E,
    matches: (data: Events[E]) => boolean = () => true,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<Events[E]> {
    const frame = await this.nextFrame(
      (candidate) => candidate.event === event && matches(candidate.data as Events[E]),
      `"${String(event)}"`,
      timeoutMs,
    );
    return frame.data as Events[E];
  }

  /** The server's answer to the frame sent with this clientId: its `ack`, or the `error` that refused it. */
  async answerTo(clientId: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ ack?: AckData; error?: ErrorData }> {
    const frame = await this.nextFrame(
      (candidate) =>
        (candidate.event === 'ack' || candidate.event === 'error') &&
        (candidate.data as { clientId?: string }).clientId === clientId,
      `ack or error for ${clientId}`,
      timeoutMs,
    );
    return frame.event === 'ack' ? { ack: frame.data as AckData } : { error: frame.data as ErrorData };
  }

  private async nextFrame(
    matches: (frame: { event: unknown; data: unknown }) => boolean,
    label: string,
    timeoutMs: number,
  ): Promise<{ event: unknown; data: unknown }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.frames.length) {
        const frame = this.frames[this.cursor++];
        if (matches(frame)) return frame;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`No ${label} frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  all<E extends keyof Events>(event: E): Array<Events[E]> {
    return this.frames.filter((frame) => frame.event === event).map((frame) => frame.data as Events[E]);
  }

  send(content: unknown, clientId?: string): void {
    this.sendRaw(
      JSON.stringify({ event: 'message', data: clientId === undefined ? { content } : { content, clientId } }),
    );
  }

  sendRaw(raw: string | Buffer): void {
    this.socket.send(raw);
  }

  async close(): Promise<Closed> {
    this.socket.close();
    return this.closed;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until the condition holds, failing after the timeout. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}
