import type { User } from './auth.js';
import type { ChatMessage } from './message.js';
import type { RoomSummary } from './room.js';

/** Where a report or an audit entry happened. */
export type RoomLabel = Pick<RoomSummary, 'slug' | 'name'>;

/** An account as the admin listings show it: `GET /api/admin/users`. */
export interface AdminUser extends User {
  /** ISO-8601 UTC. */
  createdAt: string;
  /** Signed out everywhere and refused at sign-in until reactivated. */
  deactivated: boolean;
}

/** A page of a listing ordered by a cursor; `nextCursor` is null on the last page. */
export interface AdminUserPage {
  users: AdminUser[];
  nextCursor: string | null;
}

/** `PUT /api/admin/users/:username/admin`. */
export interface AdminGrantRequest {
  admin: boolean;
}

/** `POST /api/rooms/:slug/bans`. No `minutes`: until it is lifted. */
export interface BanRequest {
  username: string;
  reason?: string;
  minutes?: number;
}

/** A ban of a registered user from one room. */
export interface Ban {
  username: string;
  reason: string | null;
  /** ISO-8601 UTC; null: forever (until lifted). */
  until: string | null;
  /** Who banned them. */
  by: string;
  /** ISO-8601 UTC. */
  at: string;
}

/** `POST /api/rooms/:slug/mutes`. */
export interface MuteRequest {
  username: string;
  /** LIMITS.muteMinutesMin–LIMITS.muteMinutesMax. */
  minutes: number;
}

/** A mute in one room: the user reads, but sends nothing there until `until`. */
export interface Mute {
  username: string;
  /** ISO-8601 UTC. */
  until: string;
  by: string;
  at: string;
}

/** `PATCH /api/rooms/:slug`. */
export interface RoomSettingsRequest {
  guests: boolean;
}

export type ReportStatus = 'open' | 'resolved';

/** `POST /api/rooms/:slug/messages/:id/report`. */
export interface ReportRequest {
  reason: string;
}

/** The answer to a report: 201 when new, 200 with the existing report when the same person reported it before. */
export interface ReportReceipt {
  id: string;
  status: ReportStatus;
}

/** A report of a message, as the queues show it; the message is its current state (a tombstone once deleted). */
export interface Report {
  id: string;
  room: RoomLabel;
  message: ChatMessage;
  reporter: string;
  reason: string;
  status: ReportStatus;
  /** ISO-8601 UTC. */
  at: string;
  resolvedBy?: string;
  resolvedAt?: string;
}

export interface ReportPage {
  reports: Report[];
  nextCursor: string | null;
}

/** `PATCH …/reports/:id`. */
export interface ResolveReportRequest {
  status: 'resolved';
}

/** Every kind of moderation action the audit log records. */
export const AUDIT_ACTIONS = [
  'ban',
  'unban',
  'mute',
  'unmute',
  'deactivate',
  'reactivate',
  'admin_grant',
  'admin_revoke',
  'message_delete',
  'member_remove',
  'role_change',
  'owner_handover',
  'guests_change',
  'report_resolve',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One recorded moderation action. `details` never holds a message's text. */
export interface AuditEntry {
  id: string;
  /** ISO-8601 UTC. */
  at: string;
  /** Who did it. */
  actor: string;
  action: AuditAction;
  /**
   * Whom or what it was done to: a username, or a message id for `message_delete`, a report id for `report_resolve`.
   */
  target: string;
  room?: RoomLabel;
  details: Record<string, string | number | boolean | null>;
}

export interface AuditPage {
  entries: AuditEntry[];
  nextCursor: string | null;
}
