import { ErrorCode } from '@parley/contracts';
import { codeOf, describeError, HTTP_FORBIDDEN, HTTP_NOT_FOUND, statusOf } from '../api/rest';

/** The refusals of moderation whose reason the server names, in the user's words. */
const REFUSALS: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.OwnerProtected]: 'The room’s owner cannot be banned or muted: ownership is handed over first.',
  [ErrorCode.Self]: 'You cannot do that to yourself.',
  [ErrorCode.LastAdmin]: 'The server must keep at least one admin: make someone else an admin first.',
  [ErrorCode.Banned]: 'They are banned from this room: lift the ban first.',
};

/** Why a moderation action (`what`: "ban bob", "resolve the report") was refused, in words. */
export function describeModerationRefusal(error: unknown, what: string): string {
  const code = codeOf(error);
  const named = code && REFUSALS[code];
  if (named) return `Could not ${what}. ${named}`;
  const status = statusOf(error);
  if (status === HTTP_FORBIDDEN) return `Could not ${what}: you are not allowed to.`;
  if (status === HTTP_NOT_FOUND) return `Could not ${what}: it is no longer there.`;
  return `Could not ${what}: ${describeError(error)}`;
}
