import { describe, expect, it } from 'vitest';
import {
  canAddMembers,
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
