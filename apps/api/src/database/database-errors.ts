import { QueryFailedError, TypeORMError } from 'typeorm';

/**
 * True when a write failed on a unique index, on MySQL/MariaDB or SQLite: through TypeORM (a QueryFailedError) or
 * straight from the driver (the message writer's multi-statement transactions).
 */
export function isUniqueViolation(error: unknown): boolean {
  const driverError = error instanceof QueryFailedError ? error.driverError : error;
  const code = (driverError as { code?: unknown } | null | undefined)?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * True when the database, not the code, failed: a query error, or a driver or network error (a lost or refused
 * connection, a timeout: `ECONNREFUSED`, `PROTOCOL_CONNECTION_LOST`, `ER_…`, `SQLITE_…`). Anything else thrown on
 * the way to the database, Node's own `ERR_…` argument errors included, is a bug, and is reported as one rather
 * than as an outage. Errors are told by their code, not their class: the driver's come from Node's own realm.
 */
export function isDatabaseFailure(error: unknown): boolean {
  if (error instanceof TypeORMError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !code.startsWith('ERR_');
}
