import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { toBooleanIfWord, toIntegerIfDigits } from '../common/value-transforms.js';

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

  /** `production` makes AUTH_SECRET mandatory. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  /**
   * Signs access tokens; every instance behind one load balancer must have the same. Unset in development, a random
   * one is made and kept in ./data/auth-secret; unset in production, start-up stops.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)' })
  AUTH_SECRET?: string;

  /** Guests (a name, no account) may open public rooms; false refuses `?username=` upgrades with 401. */
  @Transform(toBooleanIfWord)
  @IsBoolean({ message: 'AUTH_GUESTS must be true or false' })
  AUTH_GUESTS = true;

  /** Seconds an access token (JWT) is valid. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(10)
  AUTH_ACCESS_TTL = 15 * 60;

  /** Seconds a session lasts after its last refresh (the refresh token's lifetime). */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(60)
  AUTH_REFRESH_TTL = 30 * 24 * 60 * 60;

  /** Seconds a socket ticket stays valid (it is single-use either way); at most 60. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(1)
  @Max(60)
  AUTH_TICKET_TTL = 60;

  /** Searches one signed-in user (or, without a token, one address) may make per minute; 0 disables. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  SEARCH_PER_MIN = 60;

  /**
   * MySQL: seconds between rebuilds of the search index after deletions or edits, which is when erased words leave
   * InnoDB's full-text index (results never show them); 0 never rebuilds.
   */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  SEARCH_PURGE_INTERVAL = 3600;

  /**
   * MySQL: milliseconds the database may spend on one search before stopping it (503 SEARCH_TIMEOUT); InnoDB's cost
   * grows with how many messages hold the words, and a search must not hold a connection for long. 0: no limit.
   */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  SEARCH_TIMEOUT_MS = 3000;

  /**
   * Where uploaded files live: `disk:<folder>` (relative to the working directory) or `s3://<bucket>[/<prefix>]`
   * with the S3_* settings (any S3-compatible service). Every instance must see the same store.
   */
  @Matches(/^disk:.+|^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, {
    message: 'FILES_STORAGE must be disk:<folder> or s3://<bucket>[/<prefix>]',
  })
  FILES_STORAGE = 'disk:./data/files';

  /** Comma-separated usernames made server admins at every start, when registered (the first account always is one). */
  @IsOptional()
  @IsString()
  ADMIN_USERNAMES?: string;

  /** The S3 service's URL; unset for AWS itself. */
  @IsOptional()
  @IsString()
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** `true` for services that take the bucket in the path (MinIO, Ceph, most self-hosted ones). */
  @Transform(toBooleanIfWord)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Largest upload, in bytes; past it 413 FILE_TOO_LARGE and nothing is kept. At most 2 GiB - 1. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  UPLOAD_MAX_BYTES = 26_214_400;

  /** Uploads one user may make per minute; 0 disables. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  UPLOADS_PER_MIN = 30;

  /**
   * Web Push (VAPID, RFC 8292): the server's P-256 key pair, base64url (as `npx web-push generate-vapid-keys` prints
   * them), and who runs it (`mailto:` or `https:`). Unset outside production, a pair is made once into ./data; unset in
   * production, push is off.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{87}$/, { message: 'PUSH_VAPID_PUBLIC_KEY must be a base64url P-256 public key' })
  PUSH_VAPID_PUBLIC_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'PUSH_VAPID_PRIVATE_KEY must be a base64url P-256 private key' })
  PUSH_VAPID_PRIVATE_KEY?: string;

  @Matches(/^(mailto:|https:\/\/).+/, { message: 'PUSH_SUBJECT must be a mailto: or https: URL' })
  PUSH_SUBJECT = 'mailto:parley@localhost';

  /** Pushes one subscription may get per minute; more are merged into the next. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(1)
  PUSH_PER_MIN = 30;

  /** Tests and local development only: push subscriptions with an http: endpoint are taken. */
  @Transform(toBooleanIfWord)
  @IsBoolean()
  PUSH_ALLOW_HTTP_ENDPOINTS = false;

  /** Socket tickets one sign-in session may take per minute (every reconnect of every tab takes one); 0 disables. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  AUTH_TICKETS_PER_MIN = 120;

  /** Failed sign-ins for one name from one address within AUTH_LOGIN_WINDOW before 429; 0 disables. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  AUTH_LOGIN_MAX_PER_NAME = 10;

  /** Failed sign-ins from one address within AUTH_LOGIN_WINDOW before 429; 0 disables. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  AUTH_LOGIN_MAX_PER_ADDRESS = 100;

  /** Seconds over which failed sign-ins are counted. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(1)
  AUTH_LOGIN_WINDOW = 15 * 60;

  /** `mysql://user:pass@host:port/db` for MySQL/MariaDB, `sqlite:<file>` for the embedded store; unset → sqlite:./data/parley.sqlite. */
  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/.+|^sqlite:.+/, {
    message: 'DATABASE_URL must start with mysql://, mariadb:// or sqlite:',
  })
  DATABASE_URL?: string;

  /** Run pending migrations on start; false when a one-off job runs them first (several instances, docker-compose). */
  @Transform(toBooleanIfWord)
  @IsBoolean({ message: 'DATABASE_MIGRATE must be true or false' })
  DATABASE_MIGRATE = true;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /**
   * A database call that gets no answer for this long fails (its connection is dropped): connecting, and each
   * statement, inside a transaction too. A message whose batch fails this way gets STORE_FAILED.
   */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(100)
  DATABASE_TIMEOUT_MS = 10_000;

  /** On SIGTERM, how long the messages already taken may take to be stored before sockets are closed anyway. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Most messages stored in one transaction (group commit); 1 stores each message in its own transaction. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(1)
  @Max(5000)
  MESSAGE_BATCH_MAX = 500;

  /**
   * Rooms are spread over this many writers, each storing one transaction at a time, so that rooms commit side by
   * side (MySQL only: SQLite has one connection and one writer).
   */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(1)
  @Max(8)
  MESSAGE_WRITE_LANES = 4;

  /** A client whose unsent data passes this many bytes is disconnected (close 4008); 0 disables the bound. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  WS_MAX_BUFFERED_BYTES = 1024 * 1024;

  /** Messages a connection may send in a burst (token bucket size); 0 disables rate limiting. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  WS_RATE_BURST = 30;

  /** Sustained messages per second per connection (token refill rate); 0 disables rate limiting. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  WS_RATE_PER_SEC = 10;

  /** Open WebSocket connections allowed from one client address; 0 disables the limit. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  WS_MAX_CONN_PER_IP = 100;

  /** Origins allowed to open sockets, comma-separated, besides the page's own and http://localhost:* / 127.0.0.1:*. */
  @IsOptional()
  @Matches(/^\s*https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*\s*$/, {
    message: 'WS_ALLOWED_ORIGINS must be comma-separated origins such as https://chat.example.com',
  })
  WS_ALLOWED_ORIGINS?: string;

  /**
   * Behind one reverse proxy (nginx): per-address limits count the address the proxy appended to X-Forwarded-For,
   * never an entry the client wrote.
   */
  @Transform(toBooleanIfWord)
  @IsBoolean({ message: 'TRUST_PROXY must be true or false' })
  TRUST_PROXY = false;

  /** New rooms one client address may create per minute (by opening them or with POST /api/rooms); 0 disables. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  ROOM_CREATE_PER_MIN = 30;

  /** REST writes (POST, PUT, PATCH, DELETE) one client address may make per minute; 0 disables. */
  @Transform(toIntegerIfDigits)
  @IsInt()
  @Min(0)
  REST_WRITES_PER_MIN = 120;

  /** Redis for fan-out and presence across API instances (`redis://host:6379`); unset, fan-out stays in-process. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must start with redis:// or rediss://' })
  REDIS_URL?: string;

  /** Prefix of every Redis key and channel, so several deployments (or test runs) can share one Redis. */
  @IsString()
  REDIS_PREFIX = 'parley:';

  /** Folder of the built web app that the API serves at `/`; empty disables serving it. */
  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;
}

/** Settings that were renamed: set under the old name, they would be ignored without a word. */
const RENAMED: Record<string, string> = {
  WS_TRUST_PROXY: 'TRUST_PROXY (it now covers the REST limits and sign-in throttling as well as sockets)',
};

/** Used by ConfigModule: a bad value stops start-up with one line naming the variable. */

export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const renamed = Object.keys(RENAMED).filter((old) => raw[old] !== undefined && raw[old] !== '');
  if (renamed.length > 0) {
    throw new Error(`Invalid configuration: ${renamed.map((old) => `${old} is now ${RENAMED[old]}`).join('; ')}`);
  }
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
