import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ParleyWsAdapter } from './realtime/transport/parley-ws.adapter.js';
import { REQUEST_LOGGER } from './logging/logging.module.js';
import { PinoNestLogger } from './logging/pino-nest-logger.js';

/**
 * How long an idle keep-alive connection is kept. Whatever sits in front (nginx's upstream pool, whose
 * keepalive_timeout is 60 s, and most load balancers) must be the side that closes an idle connection: were the API
 * to close it first (Node's default is 5 s), a request the proxy sends down it at that moment meets a closed socket,
 * and one it may not retry (a POST) comes back as a 502.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** What main.ts and the e2e tests both apply, so the tests run the app as it ships. */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(PinoNestLogger));
  app.use(app.get(REQUEST_LOGGER));
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.useWebSocketAdapter(new ParleyWsAdapter(app));
  (app.getHttpServer() as Server).keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Parley API')
      .setDescription('Rooms and message history. Live chat is on the WebSocket `/ws/<room>`: see docs/protocol.md.')
      .setVersion('0.1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An access token from /api/auth/login, /register or /refresh',
      })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  return app;
}
