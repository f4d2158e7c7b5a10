import type { Member, MemberRole, PolicyRoom } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { canLeave, canRemoveOther, sortMembers } from './memberPolicy';

const privateRoom: PolicyRoom = { visibility: 'private', kind: 'room' };
const publicRoom: PolicyRoom = { visibility: 'public', kind: 'room' };
const dm: PolicyRoom = { visibility: 'private', kind: 'dm' };

const member = (username: string, role: MemberRole = 'member'): Member => ({
  userId: `user-${username}`,
  username,
  role,
  online: false,
});

describe('canRemoveOther', () => {
  it('lets the owner remove admins and members, an admin only members', () => {
    expect(canRemoveOther(privateRoom, 'owner', member('a', 'admin'), false)).toBe(true);
    expect(canRemoveOther(privateRoom, 'owner', member('m'), false)).toBe(true);
    expect(canRemoveOther(privateRoom, 'admin', member('m'), false)).toBe(true);
    expect(canRemoveOther(privateRoom, 'admin', member('a', 'admin'), false)).toBe(false);
    expect(canRemoveOther(privateRoom, 'admin', member('o', 'owner'), false)).toBe(false);
    expect(canRemoveOther(privateRoom, 'member', member('m'), false)).toBe(false);
  });

  it('removes nobody from a DM, and offers no "remove" for oneself (that is leaving)', () => {
    expect(canRemoveOther(dm, 'owner', member('m'), false)).toBe(false);
    expect(canRemoveOther(privateRoom, 'owner', member('a', 'admin'), true)).toBe(false);
  });
});

describe('canLeave', () => {
  it('lets members and admins leave, not the owner, and nobody a DM', () => {
    expect(canLeave(privateRoom, 'member')).toBe(true);
    expect(canLeave(publicRoom, 'admin')).toBe(true);
    expect(canLeave(privateRoom, 'owner')).toBe(false);
    expect(canLeave(privateRoom, null)).toBe(false);
    expect(canLeave(dm, 'member')).toBe(false);
  });
});

describe('sortMembers', () => {
  it('puts the owner first, then admins, then members, each by name', () => {
    const sorted = sortMembers([member('zed'), member('bo', 'admin'), member('al'), member('cy', 'owner')]);
    expect(sorted.map((m) => m.username)).toEqual(['cy', 'bo', 'al', 'zed']);
  });
});
