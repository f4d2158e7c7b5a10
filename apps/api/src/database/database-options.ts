import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { RefreshTokenEntity } from '../auth/refresh-token.entity.js';
import { AttachmentEntity } from '../files/attachment.entity.js';
import { PushSubscriptionEntity } from '../notifications/push-subscription.entity.js';
import { SessionEntity } from '../auth/session.entity.js';
import { MembershipEntity } from '../members/membership.entity.js';
import { MessageEditEntity } from '../messages/message-edit.entity.js';
import { MessageEventEntity } from '../messages/message-event.entity.js';
import { MessageEntity } from '../messages/message.entity.js';
import { RoomEntity } from '../rooms/room.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { ServerClaimEntity } from '../users/server-claim.entity.js';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { RoomBanEntity, RoomMuteEntity } from '../moderation/room-restriction.entity.js';
import { ReportEntity } from '../moderation/report.entity.js';
import { migrations } from './migrations/index.js';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/parley.sqlite';

export const entities = [
  RoomEntity,
  AttachmentEntity,
  PushSubscriptionEntity,
  MessageEntity,
  MessageEventEntity,
  MessageEditEntity,
  UserEntity,
  SessionEntity,
  RefreshTokenEntity,
  MembershipEntity,
  ServerClaimEntity,
  RoomBanEntity,
  RoomMuteEntity,
  ReportEntity,
  AuditEntryEntity,
];

/**
 * One place turns DATABASE_URL into TypeORM options, for the app, the migration CLI and the tests alike,
 * so every engine gets the same entities and the same migrations.
 */
export function databaseOptions(
  databaseUrl: string = DEFAULT_DATABASE_URL,
  migrationsRun = true,
  timeoutMs = 10_000,
): DataSourceOptions {
  const common = { entities, migrations, migrationsRun, synchronize: false } as const;
  const file = sqliteFile(databaseUrl);
  if (file !== null) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      enableWAL: true,
      prepareDatabase: (db: { pragma(statement: string): unknown }) => {
        db.pragma('foreign_keys = ON');
        db.pragma(`busy_timeout = ${timeoutMs}`);
        // Deleted text is overwritten with zeros in the file, not just unlinked (see Transactions.eraseTraces).
        db.pragma('secure_delete = ON');
      },
    };
  }
  const url = new URL(databaseUrl);
  return {
    ...common,
    type: 'mariadb',
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    extra: { connectionLimit: 10, enableKeepAlive: true, connectTimeout: timeoutMs },
  };
}

/** Human-readable name of the store, for logs and the health report. */
export function describeDatabase(databaseUrl: string = DEFAULT_DATABASE_URL): string {
  const file = sqliteFile(databaseUrl);
  if (file !== null) return `SQLite at ${file}`;
  const url = new URL(databaseUrl);
  return `MySQL at ${url.hostname}:${url.port || 3306}${url.pathname}`;
}

/** The SQLite file a `sqlite:` URL names, made absolute (`:memory:` as is); null for any other engine. */
function sqliteFile(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('sqlite:')) return null;
  const path = databaseUrl.slice('sqlite:'.length);
  return path === ':memory:' ? path : resolve(path);
}
