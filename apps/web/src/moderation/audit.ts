import type { AuditAction, AuditEntry } from '@parley/contracts';

/** Each action as the middle of a sentence whose subject is who did it: "ali" + "banned bob". */
const PHRASES: Record<AuditAction, (target: string) => string> = {
  ban: (target) => `banned ${target}`,
  unban: (target) => `lifted the ban on ${target}`,
  mute: (target) => `muted ${target}`,
  unmute: (target) => `lifted the mute on ${target}`,
  deactivate: (target) => `deactivated the account of ${target}`,
  reactivate: (target) => `reactivated the account of ${target}`,
  admin_grant: (target) => `made ${target} a server admin`,
  admin_revoke: (target) => `took server admin away from ${target}`,
  message_delete: (target) => `deleted message ${target}`,
  member_remove: (target) => `removed ${target}`,
  role_change: (target) => `changed the role of ${target}`,
  owner_handover: (target) => `handed ownership over to ${target}`,
  guests_change: () => 'changed whether guests may come in',
  report_resolve: (target) => `resolved report ${target}`,
};

/** What was done to whom, after the actor's name: "banned bob". */
export function describeAuditAction(entry: Pick<AuditEntry, 'action' | 'target'>): string {
  return PHRASES[entry.action](entry.target);
}

function describeValue(value: string | number | boolean | null): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** An entry's details, one "key: value" each ("reason: spam", "minutes: 60"), in the order the server gave them. */
export function describeAuditDetails(details: AuditEntry['details']): string[] {
  return Object.entries(details).map(([key, value]) => `${key.replaceAll('_', ' ')}: ${describeValue(value)}`);
}
