import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

/**
 * Nest's logger interface over one pino logger: `new Logger('Context').log(…)` anywhere in the app becomes a JSON line
 * with a `context` field. Nest calls `log(message, context)` and `error(message, stack, context)`; the last optional
 * parameter is the context, as in Nest's own ConsoleLogger.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  log(message: unknown, ...optional: unknown[]): void {
    this.write('info', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }

  private write(level: Level, message: unknown, optional: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    // error(message, stack, context) or error(message, stack) from a logger without a context.
    const stack = optional.length >= 2 || isStack(optional[0]) ? optional[0] : undefined;
    const context = optional.length >= 2 || !isStack(optional[0]) ? optional.at(-1) : undefined;
    const fields: Record<string, unknown> = context === undefined ? {} : { context };
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      if (typeof stack === 'string') fields.stack = stack;
      this.logger[level](fields, String(message));
    }
  }
}

function isStack(value: unknown): boolean {
  return typeof value === 'string' && /\n\s*at /.test(value);
}
