import type { MemberRole } from './members.js';
import type { RoomKind, RoomVisibility } from './room.js';

/**
 * Who may do what in a room: one function per rule, the server's word on it, and what the client asks before it
 * offers a button.
 */

/** The room a rule is asked about. */
export interface PolicyRoom {
  visibility: RoomVisibility;
  kind: RoomKind;
}

/** The actor's role in the room; null when they are not a member (or a guest). */
export type ActorRole = MemberRole | null;

const MANAGERS: ReadonlySet<ActorRole> = new Set(['owner', 'admin']);

/** Who may see a room (read it, list its members, open its socket): anyone for a public room, members otherwise. */
export function canSee(room: PolicyRoom, actor: ActorRole): boolean {
  return room.visibility === 'public' || actor !== null;
}

/** Members are added only to private rooms (a public room is joined by opening it), by its owner or an admin. */
export function canAddMembers(room: PolicyRoom, actor: ActorRole): boolean {
  return room.kind === 'room' && room.visibility === 'private' && MANAGERS.has(actor);
}

/**
 * An owner or admin removes a member (an admin cannot remove the owner or another admin), or a member removes
 * themself (leaves); the owner can do neither while owner, and nobody leaves or is removed from a DM.
 */
export function canRemoveMember(room: PolicyRoom, actor: ActorRole, target: MemberRole, self: boolean): boolean {
  if (room.kind === 'dm' || target === 'owner') return false;
  if (self) return true;
  if (actor === 'owner') return true;
  return actor === 'admin' && target === 'member';
}

/** Only the owner changes roles, never in a DM, and never their own (they hand ownership over instead). */
export function canChangeRole(room: PolicyRoom, actor: ActorRole, self: boolean): boolean {
  return room.kind === 'room' && actor === 'owner' && !self;
}

/** Who moderates: their role in the room, and whether they are a server admin. */
export interface ModeratorRole {
  role: ActorRole;
  serverAdmin: boolean;
}

/**
 * Whether someone moderates a room (bans, mutes, guests, its reports and audit log): its owner and admins, any server
 * admin.
 */
export function canManageRoom(actor: ModeratorRole): boolean {
  return actor.serverAdmin || MANAGERS.has(actor.role);
}

/**
 * Whether `actor` may ban or mute `target` in a room: nobody acts on themself or on the owner; the owner and server
 * admins act on anyone else, a room admin on plain members (and non-members) only.
 */
export function canModerate(actor: ModeratorRole, target: { role: ActorRole; self: boolean }): boolean {
  if (target.self || target.role === 'owner' || !canManageRoom(actor)) return false;
  if (actor.serverAdmin || actor.role === 'owner') return true;
  return target.role !== 'admin';
}
