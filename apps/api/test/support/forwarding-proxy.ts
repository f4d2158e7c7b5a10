import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * A reverse proxy for WebSocket upgrades that behaves like nginx's `$proxy_add_x_forwarded_for`: it keeps whatever
 * X-Forwarded-For the client sent and appends the address it saw itself.
 */
export class ForwardingProxy {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private port = 0;

  private constructor(private readonly targetPort: number) {
    this.server = createServer((_request, response) => response.writeHead(501).end());
    this.server.on('upgrade', (request: IncomingMessage, client: Socket, head: Buffer) =>
      this.forward(request, client, head),
    );
  }

  static async start(targetPort: number): Promise<ForwardingProxy> {
    const proxy = new ForwardingProxy(targetPort);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.port = (proxy.server.address() as { port: number }).port;
    return proxy;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(request: IncomingMessage, client: Socket, head: Buffer): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    const forwardedFor = [request.headers['x-forwarded-for'], client.remoteAddress].filter(Boolean).join(', ');
    const headers = Object.entries({ ...request.headers, 'x-forwarded-for': forwardedFor })
      .map(([name, value]) => `${name}: ${String(value)}\r\n`)
      .join('');
    upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${headers}\r\n`);
    upstream.write(head);
    client.pipe(upstream).pipe(client);
  }
}
