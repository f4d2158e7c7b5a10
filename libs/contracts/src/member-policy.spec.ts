import { describe, expect, it } from 'vitest';
import {
  canAddMembers,
  canManageRoom,
  canModerate,
  canChangeRole,
  canRemoveMember,
  canSee,
  type ActorRole,
  type PolicyRoom,
} from './member-policy.js';
import type { MemberRole } from './members.js';

const publicRoom: PolicyRoom = { visibility: 'public', kind: 'room' };
const privateRoom: PolicyRoom = { visibility: 'private', kind: 'room' };
const dm: PolicyRoom = { visibility: 'private', kind: 'dm' };

describe('member policy', () => {
  it('shows a public room to everyone and a private room or DM to its members only', () => {
    expect(canSee(publicRoom, null)).toBe(true);
    expect(canSee(privateRoom, null)).toBe(false);
    expect(canSee(privateRoom, 'member')).toBe(true);
    expect(canSee(dm, null)).toBe(false);
  });

  it.each<[PolicyRoom, ActorRole, boolean]>([
    [privateRoom, 'owner', true],
    [privateRoom, 'admin', true],
    [privateRoom, 'member', false],
    [privateRoom, null, false],
    [publicRoom, 'owner', false],
    [dm, 'member', false],
  ])('lets %j with role %s add members: %s', (room, actor, allowed) => {
    expect(canAddMembers(room, actor)).toBe(allowed);
  });

  it.each<[ActorRole, MemberRole, boolean, boolean]>([
    ['owner', 'admin', false, true],
    ['owner', 'member', false, true],
    ['admin', 'member', false, true],
    ['admin', 'admin', false, false],
    ['admin', 'owner', false, false],
    ['member', 'member', false, false],
    ['member', 'member', true, true],
    ['admin', 'admin', true, true],
    ['owner', 'owner', true, false],
  ])('lets a %s remove a %s (themself: %s): %s', (actor, target, self, allowed) => {
    expect(canRemoveMember(privateRoom, actor, target, self)).toBe(allowed);
  });

  it('lets nobody leave or be removed from a DM', () => {
    expect(canRemoveMember(dm, 'member', 'member', true)).toBe(false);
  });

  it('lets only the owner change roles, of others, outside DMs', () => {
    expect(canChangeRole(privateRoom, 'owner', false)).toBe(true);
    expect(canChangeRole(privateRoom, 'owner', true)).toBe(false);
    expect(canChangeRole(privateRoom, 'admin', false)).toBe(false);
    expect(canChangeRole(publicRoom, 'owner', false)).toBe(true);
    expect(canChangeRole(dm, 'member', false)).toBe(false);
  });
});

describe('moderation policy', () => {
  const moderator = (role: ActorRole, serverAdmin = false) => ({ role, serverAdmin });

  it('lets a room’s owner and admins and every server admin moderate it, nobody else', () => {
    expect(canManageRoom(moderator('owner'))).toBe(true);
    expect(canManageRoom(moderator('admin'))).toBe(true);
    expect(canManageRoom(moderator('member'))).toBe(false);
    expect(canManageRoom(moderator(null))).toBe(false);
    expect(canManageRoom(moderator(null, true))).toBe(true);
  });

  it.each<[string, ActorRole, boolean, ActorRole, boolean]>([
    ['owner bans an admin', 'owner', false, 'admin', true],
    ['owner bans a member', 'owner', false, 'member', true],
    ['admin bans a member', 'admin', false, 'member', true],
    ['admin bans a non-member', 'admin', false, null, true],
    ['admin bans another admin', 'admin', false, 'admin', false],
    ['member bans a member', 'member', false, 'member', false],
    ['server admin bans a room admin', null, true, 'admin', true],
    ['anyone bans the owner', null, true, 'owner', false],
  ])('%s: %s', (_case, role, serverAdmin, target, allowed) => {
    expect(canModerate(moderator(role, serverAdmin), { role: target, self: false })).toBe(allowed);
  });

  it('never lets anyone ban or mute themself', () => {
    expect(canModerate(moderator('owner', true), { role: 'member', self: true })).toBe(false);
  });
});
