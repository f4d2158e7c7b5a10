import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { MyRoom } from '@parley/contracts';
import { roomRef } from '../../../test/factories/drafts.js';
import { chatMessage } from '../../../test/factories/relay.js';
import type { MemberCounts, MyRoomRow } from '../../members/members.repository.js';
import type { MembersService } from '../../members/members.service.js';
import { RoomEntity } from '../../rooms/room.entity.js';
import { MyRoomUpdates } from '../state/my-room-updates.js';
import { StreamedUsers, type StreamedUser } from '../state/streamed-users.js';
import { UnreadCounts } from './unread-counts.js';

const general = roomRef();

/** The counts the database would answer, and a record of what was asked. */
class FakeMembers implements Pick<MembersService, 'myRooms' | 'countsInRoom'> {
  readonly countQueries: string[][] = [];
  counts = new Map<string, MemberCounts>();
  failing = false;

  async myRooms(userId: string): Promise<MyRoomRow[]> {
    if (this.failing) throw new Error('the database went away');
    const room = Object.assign(new RoomEntity(), { ...general, lastSeq: 9, createdAt: new Date(0) });
    return [{ room, readSeq: 9, unread: 0, mentions: 0, notify: null, ...this.counts.get(userId) }];
  }

  async countsInRoom(_room: unknown, members: ReadonlyArray<{ userId: string }>): Promise<Map<string, MemberCounts>> {
    this.countQueries.push(members.map((member) => member.userId));
    return new Map(members.map((member) => [member.userId, this.counts.get(member.userId)!]));
  }
}

function state(overrides: Partial<MyRoom> = {}): MyRoom {
  return {
    slug: general.slug,
    name: general.name,
    visibility: 'public',
    kind: 'room',
    guests: true,
    createdAt: new Date(0).toISOString(),
    lastMessageAt: null,
    lastSeq: 4,
    readSeq: 4,
    unread: 0,
    mentions: 0,
    notify: 'mentions',
    ...overrides,
  };
}

function setUp() {
  const users = new StreamedUsers();
  const members = new FakeMembers();
  const counts = new UnreadCounts(users, new MyRoomUpdates(), members as unknown as MembersService);
  const stream = (userId: string, username: string, readSeq = 4): StreamedUser => {
    const user = users.add(userId, username, async () => undefined);
    users.track(user, { ref: general, state: state({ readSeq }) });
    return user;
  };
  return { users, members, counts, stream };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('UnreadCounts', () => {
  it('counts someone else’s message as unread, and as a mention for whoever it names; not one’s own', () => {
    const { counts, stream } = setUp();
    const ali = stream('u-ali', 'ali');
    const bea = stream('u-bea', 'bea');
    counts.messageArrived({
      room: 'general',
      type: 'message',
      data: chatMessage(5, { userId: 'u-ali', content: 'hi @bea' }),
    });
    expect(ali.rooms.get('general')!.state).toMatchObject({ lastSeq: 5, unread: 0, mentions: 0 });
    expect(bea.rooms.get('general')!.state).toMatchObject({ lastSeq: 5, unread: 1, mentions: 1 });
  });

  it('recounts, in one query for the turn, the members who had not read a message that changed', async () => {
    const { counts, members, stream } = setUp();
    const ali = stream('u-ali', 'ali', 4);
    const bea = stream('u-bea', 'bea', 2);
    const cy = stream('u-cy', 'cy', 3);
    members.counts = new Map([
      ['u-bea', { readSeq: 2, unread: 0, mentions: 0 }],
      ['u-cy', { readSeq: 3, unread: 0, mentions: 0 }],
    ]);
    const edited = chatMessage(3, { deleted: true });
    counts.messageChanged({ room: 'general', type: 'message_updated', data: { seq: 6, message: edited } });
    await nextTurn();
    await nextTurn();
    expect(members.countQueries).toEqual([['u-bea']]);
    expect(bea.rooms.get('general')!.state).toMatchObject({ lastSeq: 6, unread: 0 });
    expect(ali.rooms.get('general')!.state.lastSeq).toBe(6);
    expect(cy.rooms.get('general')!.state.lastSeq).toBe(6);
  });

  it('logs a recount that failed, and leaves nothing unhandled that could end the process', async () => {
    const { counts, members, stream } = setUp();
    stream('u-ali', 'ali');
    members.failing = true;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      counts.markerMoved({ room: 'general', type: 'receipt', data: { userId: 'u-ali', username: 'ali', seq: 9 } });
      await nextTurn();
      await nextTurn();
      expect(unhandled).toEqual([]);
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('the database went away'), expect.anything());
    } finally {
      process.off('unhandledRejection', onUnhandled);
      logged.mockRestore();
    }
  });
});
