import type { WebSocket } from 'ws';

/** The part of a `ws` socket a ClientSession uses, recording what was sent and how it was closed. */
export class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closedWith: { code: number; reason: string } | null = null;

  on(): this {
    return this;
  }

  send(payload: Buffer): void {
    this.sent.push(payload.toString());
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
