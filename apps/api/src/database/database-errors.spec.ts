import { QueryFailedError } from 'typeorm';
import { isDatabaseFailure, isUniqueViolation } from './database-errors.js';

const driverError = (code: string) => Object.assign(new Error(code), { code });

describe('isDatabaseFailure', () => {
  it.each(['ECONNREFUSED', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY'])(
    'counts a driver error %s as the database failing',
    (code) => {
      expect(isDatabaseFailure(driverError(code))).toBe(true);
    },
  );

  it('counts a failed query as the database failing', () => {
    expect(isDatabaseFailure(new QueryFailedError('SELECT 1', [], driverError('ER_BAD_FIELD_ERROR')))).toBe(true);
  });

  it('counts a bug as a bug', () => {
    expect(isDatabaseFailure(new TypeError("Cannot read properties of null (reading 'toISOString')"))).toBe(false);
    expect(isDatabaseFailure(driverError('ERR_INVALID_ARG_TYPE'))).toBe(false);
    expect(isDatabaseFailure('a string')).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  it('tells a duplicate key from other query failures', () => {
    expect(isUniqueViolation(new QueryFailedError('INSERT', [], driverError('ER_DUP_ENTRY')))).toBe(true);
    expect(isUniqueViolation(new QueryFailedError('INSERT', [], driverError('ER_LOCK_WAIT_TIMEOUT')))).toBe(false);
  });

  it("tells one straight from the driver too, as the writer's multi-statement transactions get it", () => {
    expect(isUniqueViolation(driverError('ER_DUP_ENTRY'))).toBe(true);
    expect(isUniqueViolation(driverError('ER_NO_REFERENCED_ROW_2'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});
