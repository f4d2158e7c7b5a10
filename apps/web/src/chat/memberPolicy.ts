import {
  canManageRoom,
  canModerate,
  canRemoveMember,
  type ActorRole,
  type Member,
  type MemberRole,
  type PolicyRoom,
} from '@parley/contracts';

/**
 * What the members panel offers, by the server's own rules (the contracts' member-policy.ts and moderation.ts), so
 * that it shows no button the server would refuse. The server decides: a refusal still shows as an error.
 */

/** Who acts in a room: their role there (null: not a member), and whether they moderate every room. */
export interface RoomActor {
  role: ActorRole;
  serverAdmin: boolean;
}

/** Removing someone else; leaving is its own button. By the room's role alone: being a server admin adds nothing. */
export function canRemoveOther(room: PolicyRoom, viewer: RoomActor, target: Member, self: boolean): boolean {
  return !self && canRemoveMember(room, viewer.role, target.role, false);
}

/** Banning or muting someone else. A DM has two people and no moderators: nobody is offered it there. */
export function canSanction(room: PolicyRoom, viewer: RoomActor, target: Member, self: boolean): boolean {
  return room.kind !== 'dm' && canModerate(viewer, { role: target.role, self });
}

/** The room's settings: who is banned or muted, whether guests may come, its reports. None in a DM. */
export function canOpenRoomSettings(room: PolicyRoom, viewer: RoomActor): boolean {
  return room.kind !== 'dm' && canManageRoom(viewer);
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
