import type { WebSocket } from 'ws';

/** The part of a `ws` socket a ClientSession uses, recording what was sent and how it was closed. */
export class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closedWith: { code: number; reason: string } | null = null;
  /** The TCP socket under it, when the test wants corking: see `withTransport`. */
  _socket?: FakeTransport;

  on(): this {
    return this;
  }

  /**
   * A TCP socket under this one that holds what is sent while corked (counted in bufferedAmount, as `ws` counts the
   * socket's buffer) and, once uncorked, hands the kernel all of it but `unread` bytes: a peer that stopped reading.
   */
  withTransport(): this {
    this._socket = new FakeTransport(this);
    return this;
  }

  send(payload: Buffer): void {
    this.sent.push(payload.toString());
    if (this._socket?.corks) this.bufferedAmount += payload.length;
  }

  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.readyState = 2;
  }

  terminate(): void {
    this.readyState = 3;
  }

  frames(): Array<{ event: string; data: unknown }> {
    return this.sent.map((raw) => JSON.parse(raw));
  }

  asWebSocket(): WebSocket {
    return this as unknown as WebSocket;
  }
}

export class FakeTransport {
  corks = 0;
  /** What the kernel does not take at the next uncork. */
  unread = 0;

  constructor(private readonly socket: FakeSocket) {}

  cork(): void {
    this.corks += 1;
  }

  uncork(): void {
    this.corks -= 1;
    if (this.corks === 0) this.socket.bufferedAmount = Math.min(this.socket.bufferedAmount, this.unread);
  }
}
