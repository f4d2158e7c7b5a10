import type { ServerFrame, UserStreamFrame } from '@parley/contracts';
import type { SocketLike } from '../realtime/connection';

/** A WebSocket stand-in the test drives by hand; every instance is recorded in `FakeWebSocket.instances`. */
export class FakeWebSocket implements SocketLike {
  static instances: FakeWebSocket[] = [];

  static reset(): void {
    FakeWebSocket.instances = [];
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  readonly sent: string[] = [];
  closedByClient: number | undefined;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  get query(): URLSearchParams {
    return new URL(this.url).searchParams;
  }

  /** Frames the client sent, parsed. */
  get sentFrames(): unknown[] {
    return this.sent.map((raw) => JSON.parse(raw));
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(data);
  }

  close(code?: number): void {
    this.closedByClient = code;
    this.readyState = 3;
  }

  serverOpens(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  serverSends(frame: ServerFrame | UserStreamFrame): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }

  serverCloses(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code, reason }));
  }
}
