import { canRemoveMember, type ActorRole, type Member, type MemberRole, type PolicyRoom } from '@parley/contracts';

/**
 * What the members panel offers, by the server's own rules (the contracts' member-policy.ts), so that it shows no
 * button the server would refuse. The server decides: a refusal still shows as an error.
 */
/** Removing someone else; leaving is its own button. */
export function canRemoveOther(room: PolicyRoom, viewer: ActorRole, target: Member, self: boolean): boolean {
  return !self && canRemoveMember(room, viewer, target.role, false);
}

/** A member leaving: anyone but the owner, never from a DM. */
export function canLeave(room: PolicyRoom, viewer: ActorRole): boolean {
  return viewer !== null && canRemoveMember(room, viewer, viewer, true);
}

const ROLE_ORDER: Record<MemberRole, number> = { owner: 0, admin: 1, member: 2 };

/** Owner first, then admins, then members; by name within each. */
export function sortMembers(members: readonly Member[]): Member[] {
  return [...members].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.username.localeCompare(b.username));
}
