import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import type { Environment } from './config/environment.js';
import { webDistDirectory } from './config/web-dist.js';
import { describeDatabase } from './database/database-options.js';
import { PinoNestLogger } from './logging/pino-nest-logger.js';

/** Beyond the drain deadline: time to close sockets, leave presence and close the database. */
const STOP_GRACE_MS = 5_000;

async function bootstrap(): Promise<void> {
  const app = configureApp(await NestFactory.create(AppModule.forRoot(), { bufferLogs: true }));
  const config = app.get<ConfigService<Environment, true>>(ConfigService);
  const host = config.get('HOST', { infer: true });
  await app.listen(config.get('PORT', { infer: true }), host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.get('PORT', { infer: true });
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const logger = app.get(PinoNestLogger);
  logger.log(`Database: ${describeDatabase(config.get('DATABASE_URL', { infer: true }))}`, 'Parley');
  if (process.env.WEB_DIST_DIR === undefined && !webDistDirectory(undefined))
    logger.warn('The web app is not built: only the API is served (npm run build)', 'Parley');
  // Nest's own shutdown hooks re-raise the signal after closing, so the exit status would say "killed":
  // a drained, orderly stop exits 0. Past the drain deadline and a grace for closing sockets, a stop that is still
  // stuck (a database connection that never answers its goodbye) exits 1 rather than hanging on.
  const stopDeadlineMs = config.get('SHUTDOWN_TIMEOUT_MS', { infer: true }) + STOP_GRACE_MS;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal}: draining writes and closing connections`, 'Parley');
      setTimeout(() => {
        logger.error(`Still stopping after ${stopDeadlineMs} ms: exiting anyway`, 'Parley');
        process.exit(1);
      }, stopDeadlineMs).unref();
      app.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(error, 'Parley');
          process.exit(1);
        },
      );
    });
  }
  const url = `http://${shownHost}:${port}/`;
  logger.log(`Parley is running at ${url}  (API docs: /api/docs)`, 'Parley');
  // The JSON log line is for machines; someone who just typed `npm start` gets the address plainly too.
  if (process.stdout.isTTY) console.log(`\n  Parley is running at ${url}\n`);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
