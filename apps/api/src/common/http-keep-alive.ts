import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * How long an idle keep-alive connection is kept. Whatever sits in front (nginx's upstream pool, whose
 * keepalive_timeout is 60 s, and most load balancers) must be the side that closes an idle connection: were the API
 * to close it first (Node's default is 5 s), a request the proxy sends down it at that moment meets a closed socket,
 * and one it may not retry (a POST) comes back as a 502.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** While stopping: a connection is kept this long after its response (Node adds its own second on top). */
const STOPPING_KEEP_ALIVE_MS = 1;

/**
 * The HTTP server's keep-alive policy, and its end on shutdown. Closing the server waits for every connection; one
 * that was busy at that moment would then idle for the whole keep-alive time after its response and hold the stop
 * past its deadline. So, from the start of the shutdown, every response closes its connection (`Connection: close`,
 * so the proxy does not reuse it), one already under way closes it right after, and idle ones are closed at once.
 */
@Injectable()
export class HttpKeepAlive implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    this.server().keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  }

  beforeApplicationShutdown(): void {
    const server = this.server();
    server.keepAliveTimeout = STOPPING_KEEP_ALIVE_MS;
    server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) =>
      response.setHeader('Connection', 'close'),
    );
    server.closeIdleConnections();
  }

  private server(): Server {
    return this.adapterHost.httpAdapter.getHttpServer() as Server;
  }
}
