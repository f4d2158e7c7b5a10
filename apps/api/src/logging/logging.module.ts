import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { pino, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { Environment } from '../config/environment.js';
import { PinoNestLogger } from './pino-nest-logger.js';

const PINO_LOGGER = Symbol('PINO_LOGGER');
/** Express middleware writing one line per HTTP request (configureApp installs it ahead of every route). */
export const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

/**
 * JSON logs through pino: the app's own (PinoNestLogger, Nest's logger) and one line per HTTP request (pino-http),
 * credentials redacted. Not nestjs-pino: it keeps each request's logger in an AsyncLocalStorage, and on Node 20 the
 * first `run()` of one turns promise hooks on for the whole process, for good — every promise of every socket frame
 * and database call then pays for them (about a tenth of the server's CPU in the bench's fanout).
 */
@Global()
@Module({
  providers: [
    {
      provide: PINO_LOGGER,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>): Logger =>
        pino({
          level: config.get('LOG_LEVEL', { infer: true }),
          redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
        }),
    },
    { provide: PinoNestLogger, inject: [PINO_LOGGER], useFactory: (logger: Logger) => new PinoNestLogger(logger) },
    {
      provide: REQUEST_LOGGER,
      inject: [PINO_LOGGER],
      useFactory: (logger: Logger): HttpLogger =>
        pinoHttp({ logger, autoLogging: { ignore: (request) => request.url === '/api/health' } }),
    },
  ],
  exports: [PinoNestLogger, REQUEST_LOGGER],
})
export class LoggingModule {}
