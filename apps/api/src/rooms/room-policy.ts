import {
  canAddMembers,
  canChangeRole,
  canDeleteMessage,
  canEditMessage,
  canReactTo,
  canRemoveMember,
  canSee,
  ErrorCode,
  type ActorRole,
  type MemberRole,
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
  code: typeof ErrorCode.Forbidden | typeof ErrorCode.NotFound | typeof ErrorCode.InvalidReaction;
  status: 403 | 404;
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

/** Read markers are a member's: a guest has none. */
export function mayMarkRead(actor: Pick<Actor, 'userId'>): Verdict {
  return actor.userId === null ? forbidden('Guests send no read receipts') : ALLOWED;
}

export function mayEdit(message: PolicyMessage, actor: Actor): Verdict {
  if (message.deleted) return notFound('No such message in this room');
  return canEditMessage(message, actor.userId) ? ALLOWED : forbidden('Only its sender, signed in, can edit a message');
}

export function mayDelete(message: PolicyMessage, actor: Actor): Verdict {
  if (message.deleted) return notFound('No such message in this room');
  return canDeleteMessage(message, actor.userId, actor.role)
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
