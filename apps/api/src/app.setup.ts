import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ParleyWsAdapter } from './realtime/transport/parley-ws.adapter.js';
import { REQUEST_LOGGER } from './logging/logging.module.js';
import { PinoNestLogger } from './logging/pino-nest-logger.js';

/** What main.ts and the e2e tests both apply, so the tests run the app as it ships. */
export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(PinoNestLogger));
  app.use(app.get(REQUEST_LOGGER));
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.useWebSocketAdapter(new ParleyWsAdapter(app));
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
