import {
  canAddMembers,
  canManageRoom,
  canModerate,
  canChangeRole,
  canDeleteMessage,
  canEditMessage,
  canReactTo,
  canRemoveMember,
  canSee,
  CloseCode,
  ErrorCode,
  type ActorRole,
  type MemberRole,
  type ModeratorRole,
  type PolicyMessage,
  type PolicyRoom,
} from '@parley/contracts';

/**
 * Who may do what in a room: the server's one answer, asked by the upgrade gate, the client-event handlers, the
 * change transactions and the REST services alike. Each rule is one of the contracts' pure functions (which the web
 * client asks too, to offer only what would be allowed); here they become refusals with the code and words each edge
 * answers with. Every function is pure: the caller reads the roles (under a lock where the answer must hold until
 * the write) and acts on the verdict.
 */

/** Why an action is refused; `null` is allowed. `code` names it on the socket; `status` over HTTP. */
export interface Refusal {
  code:
    | typeof ErrorCode.Forbidden
    | typeof ErrorCode.NotFound
    | typeof ErrorCode.InvalidReaction
    | typeof ErrorCode.Self
    | typeof ErrorCode.OwnerProtected;
  status: 403 | 404 | 409;
  reason: string;
}

export type Verdict = Refusal | null;

/** Who acts: a user's id (null for a guest, who is only a name) and their role in the room (null: not a member). */
export interface Actor {
  userId: string | null;
  role: ActorRole;
}

const ALLOWED: Verdict = null;

function forbidden(reason: string): Refusal {
  return { code: ErrorCode.Forbidden, status: 403, reason };
}

/** Not found, as for a room or message that does not exist: what a non-member learns of a private room. */
function notFound(reason: string): Refusal {
  return { code: ErrorCode.NotFound, status: 404, reason };
}

/** Reading a room (its history, members, events, socket): anyone for a public room, members for the rest. */
export function mayRead(room: PolicyRoom, actor: Pick<Actor, 'role'>): Verdict {
  return canSee(room, actor.role) ? ALLOWED : notFound('No such room');
}

/** Posting, typing, reacting in it: whoever may read it (a socket's membership is re-checked by the access ledger). */
export function mayTakePart(room: PolicyRoom, actor: Pick<Actor, 'role'>): Verdict {
  return mayRead(room, actor);
}

/** A room socket refused once open, with the close code that says why (the client does not reconnect). */
export interface SocketRefusal {
  closeCode: number;
  reason: string;
}

/**
 * Opening a room's socket, for someone who may read it: a banned user is refused (4403 "banned"), and so is a guest
 * where the room takes no guests (4401).
 */
export function mayOpen(room: PolicyRoom & { guests: boolean }, actor: { userId: string | null; banned: boolean }) {
  if (actor.banned) return { closeCode: CloseCode.RemovedFromRoom, reason: 'banned' } satisfies SocketRefusal;
  if (actor.userId === null && !room.guests) {
    return { closeCode: CloseCode.Unauthorized, reason: 'This room takes no guests: sign in' } satisfies SocketRefusal;
  }
  return null;
}

/** Read markers are a member's: a guest has none. */
export function mayMarkRead(actor: Pick<Actor, 'userId'>): Verdict {
  return actor.userId === null ? forbidden('Guests send no read receipts') : ALLOWED;
}

export function mayEdit(message: PolicyMessage, actor: Actor): Verdict {
  if (message.deleted) return notFound('No such message in this room');
  return canEditMessage(message, actor.userId) ? ALLOWED : forbidden('Only its sender, signed in, can edit a message');
}

/** The sender, the room's owner or admins, or a server admin (from the reports queue). */
export function mayDelete(message: PolicyMessage, actor: Actor & { serverAdmin?: boolean }): Verdict {
  if (message.deleted) return notFound('No such message in this room');
  return actor.serverAdmin || canDeleteMessage(message, actor.userId, actor.role)
    ? ALLOWED
    : forbidden('Only its sender, signed in, or an owner or admin can delete a message');
}

export function mayReact(message: PolicyMessage): Verdict {
  return canReactTo(message) ? ALLOWED : notFound('No such message in this room');
}

export function mayAddMembers(room: PolicyRoom, actor: Pick<Actor, 'role'>): Verdict {
  return canAddMembers(room, actor.role) ? ALLOWED : forbidden('Not allowed: adding members here');
}

export function mayRemoveMember(
  room: PolicyRoom,
  actor: Pick<Actor, 'role'>,
  target: MemberRole,
  self: boolean,
): Verdict {
  return canRemoveMember(room, actor.role, target, self) ? ALLOWED : forbidden('Not allowed: removing this member');
}

export function mayChangeRole(room: PolicyRoom, actor: Pick<Actor, 'role'>, self: boolean): Verdict {
  return canChangeRole(room, actor.role, self) ? ALLOWED : forbidden('Not allowed: changing roles here');
}

/**
 * Moderating a room (bans, mutes, its guest setting, its reports and audit log): its owner and admins, or a server
 * admin, who reaches a private room's moderation without being a member. Anyone else is refused; a private room is
 * not found for them, as for everything else of it. A DM has no moderators.
 */
export function mayManage(room: PolicyRoom, actor: ModeratorRole): Verdict {
  if (!actor.serverAdmin && !canSee(room, actor.role)) return notFound('No such room');
  if (room.kind === 'dm') return forbidden('A DM has no moderators');
  return canManageRoom(actor) ? ALLOWED : forbidden("Only the room's owner and admins, or a server admin, moderate it");
}

/** Banning or muting someone: never oneself or the owner (409), and a room admin only plain members (403). */
export function mayModerate(actor: ModeratorRole, target: { role: ActorRole; self: boolean }): Verdict {
  if (target.self) return { code: ErrorCode.Self, status: 409, reason: 'Nobody bans or mutes themself' };
  if (target.role === 'owner') {
    return { code: ErrorCode.OwnerProtected, status: 409, reason: 'The owner cannot be banned or muted' };
  }
  return canModerate(actor, target) ? ALLOWED : forbidden("A room's admin bans and mutes its plain members only");
}

/** Turning guests on or off: public rooms only. */
export function mayChangeGuests(room: PolicyRoom): Verdict {
  return room.visibility === 'public' && room.kind === 'room' ? ALLOWED : forbidden('Only a public room takes guests');
}
