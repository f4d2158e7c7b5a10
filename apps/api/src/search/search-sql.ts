import type { SearchScope } from './search-index.js';

/** A piece of a WHERE clause and its parameters. */
export interface Condition {
  sql: string;
  parameters: unknown[];
}

/**
 * The rooms a search may look in, over `message_search s JOIN rooms r`: one room (already found readable), or every
 * public room and the caller's own.
 */
export function scopeCondition(scope: SearchScope): Condition {
  if ('room' in scope) return { sql: 's.room_id = ?', parameters: [scope.room] };
  if (scope.publicAnd.length === 0) return { sql: "r.visibility = 'public'", parameters: [] };
  return {
    sql: `(r.visibility = 'public' OR s.room_id IN (${scope.publicAnd.map(() => '?').join(', ')}))`,
    parameters: [...scope.publicAnd],
  };
}
