/** What a member may do: the owner (one per room, none in DMs and rooms created by opening them), admins, members. */
export type MemberRole = 'owner' | 'admin' | 'member';

export const MEMBER_ROLES: readonly MemberRole[] = ['owner', 'admin', 'member'];

/** A registered user belonging to a room. Guests are never members. */
export interface Member {
  userId: string;
  username: string;
  role: MemberRole;
  /** True while they have at least one socket open anywhere in the deployment. */
  online: boolean;
}

/** `POST /api/rooms/:slug/members`. */
export interface AddMemberRequest {
  username: string;
}

/** `PATCH /api/rooms/:slug/members/:username`. */
export interface ChangeRoleRequest {
  role: MemberRole;
}
