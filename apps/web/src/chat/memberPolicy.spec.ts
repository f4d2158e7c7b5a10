import type { ActorRole, Member, MemberRole, PolicyRoom } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import {
  canLeave,
  canOpenRoomSettings,
  canRemoveOther,
  canSanction,
  sortMembers,
  type RoomActor,
} from './memberPolicy';

const privateRoom: PolicyRoom = { visibility: 'private', kind: 'room' };
const publicRoom: PolicyRoom = { visibility: 'public', kind: 'room' };
const dm: PolicyRoom = { visibility: 'private', kind: 'dm' };

const member = (username: string, role: MemberRole = 'member'): Member => ({
  userId: `user-${username}`,
  username,
  role,
  online: false,
});

/** A viewer with this role in the room, not a server admin. */
const as = (role: ActorRole): RoomActor => ({ role, serverAdmin: false });
const serverAdmin = (role: ActorRole = null): RoomActor => ({ role, serverAdmin: true });

describe('canRemoveOther', () => {
  it('lets the owner remove admins and members, an admin only members', () => {
    expect(canRemoveOther(privateRoom, as('owner'), member('a', 'admin'), false)).toBe(true);
    expect(canRemoveOther(privateRoom, as('owner'), member('m'), false)).toBe(true);
    expect(canRemoveOther(privateRoom, as('admin'), member('m'), false)).toBe(true);
    expect(canRemoveOther(privateRoom, as('admin'), member('a', 'admin'), false)).toBe(false);
    expect(canRemoveOther(privateRoom, as('admin'), member('o', 'owner'), false)).toBe(false);
    expect(canRemoveOther(privateRoom, as('member'), member('m'), false)).toBe(false);
  });

  it('goes by the room role of a server admin, as the server does (a ban is how they shut someone out)', () => {
    expect(canRemoveOther(publicRoom, serverAdmin('member'), member('m'), false)).toBe(false);
    expect(canRemoveOther(publicRoom, serverAdmin('owner'), member('a', 'admin'), false)).toBe(true);
  });

  it('removes nobody from a DM, and offers no "remove" for oneself (that is leaving)', () => {
    expect(canRemoveOther(dm, as('owner'), member('m'), false)).toBe(false);
    expect(canRemoveOther(dm, serverAdmin('member'), member('m'), false)).toBe(false);
    expect(canRemoveOther(privateRoom, as('owner'), member('a', 'admin'), true)).toBe(false);
  });
});

describe('canSanction', () => {
  it('offers the owner and server admins a ban or mute of anyone but the owner and themselves', () => {
    expect(canSanction(publicRoom, as('owner'), member('a', 'admin'), false)).toBe(true);
    expect(canSanction(publicRoom, serverAdmin(), member('a', 'admin'), false)).toBe(true);
    expect(canSanction(publicRoom, serverAdmin(), member('o', 'owner'), false)).toBe(false);
    expect(canSanction(publicRoom, as('owner'), member('o', 'owner'), true)).toBe(false);
  });

  it('offers a room admin plain members only, and a member nobody', () => {
    expect(canSanction(publicRoom, as('admin'), member('m'), false)).toBe(true);
    expect(canSanction(publicRoom, as('admin'), member('a', 'admin'), false)).toBe(false);
    expect(canSanction(publicRoom, as('member'), member('m'), false)).toBe(false);
  });

  it('offers nothing in a DM', () => {
    expect(canSanction(dm, serverAdmin('member'), member('m'), false)).toBe(false);
  });
});

describe('canOpenRoomSettings', () => {
  it('opens them to the owner, admins and server admins, but not in a DM', () => {
    expect(canOpenRoomSettings(publicRoom, as('owner'))).toBe(true);
    expect(canOpenRoomSettings(privateRoom, as('admin'))).toBe(true);
    expect(canOpenRoomSettings(publicRoom, serverAdmin())).toBe(true);
    expect(canOpenRoomSettings(publicRoom, as('member'))).toBe(false);
    expect(canOpenRoomSettings(publicRoom, as(null))).toBe(false);
    expect(canOpenRoomSettings(dm, serverAdmin('member'))).toBe(false);
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
