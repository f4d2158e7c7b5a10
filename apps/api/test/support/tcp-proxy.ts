import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy the test controls: `cut()` drops every connection and refuses new ones (an outage that fails fast),
 * `hang()` keeps every connection open and accepts new ones but forwards nothing either way (a database that hangs,
 * or a network that silently drops packets), `restore()` ends either: hung connections are reset, as a recovering
 * network would, and new ones are forwarded again. `latency` holds every chunk that long each way (a far database).
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private hanging = false;
  /** Milliseconds each chunk waits before it is forwarded, either way. */
  latency = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    public port = 0,
  ) {}

  static async start(targetHost: string, targetPort: number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort);
    await proxy.restore();
    return proxy;
  }

  async restore(): Promise<void> {
    if (this.hanging) {
      this.hanging = false;
      for (const socket of this.sockets) socket.destroy();
      return;
    }
    const server = createServer((client) => {
      if (this.hanging) {
        this.sockets.add(client);
        client.on('close', () => this.sockets.delete(client));
        client.on('error', () => client.destroy());
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      this.forward(client, upstream);
      this.forward(upstream, client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (this.latency === 0) to.write(chunk);
      else setTimeout(() => to.write(chunk), this.latency);
    });
  }

  hang(): void {
    this.hanging = true;
    for (const socket of this.sockets) socket.pause();
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  close(): Promise<void> {
    return this.cut();
  }
}
