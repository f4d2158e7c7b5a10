import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { toIntegerIfDigits } from '../common/integer-transform.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every setting Parley reads from the environment; README's configuration table mirrors this class. */
export class Environment {
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** `mysql://user:pass@host:port/db` for MySQL/MariaDB, `sqlite:<file>` for the embedded store; unset → sqlite:./data/parley.sqlite. */
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/.+|^sqlite:.+/, {
    message: 'DATABASE_URL must start with mysql://, mariadb:// or sqlite:',
  })
  DATABASE_URL?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Most messages stored in one transaction (group commit); 1 stores each message in its own transaction. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(1)
  @Max(5000)
  MESSAGE_BATCH_MAX = 500;

  /** A client whose unsent data passes this many bytes is disconnected (close 4008); 0 disables the bound. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  WS_MAX_BUFFERED_BYTES = 1024 * 1024;

  /** Folder of the built web app that the API serves at `/`; empty disables serving it. */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;
}

/** Used by ConfigModule: a bad value stops start-up with one line naming the variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = new Set(Object.keys(new Environment()));
  const defined = Object.fromEntries(
    Object.entries(raw).filter(([key, value]) => known.has(key) && value !== undefined && value !== ''),
  );
  const environment = plainToInstance(Environment, defined, { exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  if (errors.length > 0) {
    const problems = errors.map((error) => {
      const reason = Object.values(error.constraints ?? {})[0] ?? 'is not valid';
      return `${error.property}=${JSON.stringify(error.value)}: ${reason}`;
    });
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return environment;
}
