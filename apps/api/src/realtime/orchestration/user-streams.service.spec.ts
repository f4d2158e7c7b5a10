import type { RoomsService } from '../../rooms/rooms.service.js';
import type { ConfigService } from '@nestjs/config';
import { CloseCode } from '@parley/contracts';
import { roomRef } from '../../../test/factories/drafts.js';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { relayUnderTest } from '../../../test/factories/relay.js';
import type { SessionsService } from '../../auth/sessions.service.js';
import type { Environment } from '../../config/environment.js';
import { Identity } from '../../identity/identity.js';
import type { MyRoomRow } from '../../members/members.repository.js';
import type { MembersService } from '../../members/members.service.js';
import { LocalOnlineRegistry } from '../../online/online-registry.js';
import { RoomEntity } from '../../rooms/room.entity.js';
import type { UsersService } from '../../users/users.service.js';
import { AccessLedger } from '../state/access-ledger.js';
import { MyRoomUpdates } from '../state/my-room-updates.js';
import { SessionFactory } from '../state/session-factory.js';
import { StreamedUsers } from '../state/streamed-users.js';
import { AccessVerifier } from './admission/access-verifier.js';
import { UserStreamsService } from './user-streams.service.js';

const settings: Partial<Environment> = { WS_MAX_BUFFERED_BYTES: 1 << 20, WS_RATE_BURST: 0, WS_RATE_PER_SEC: 0 };
const config = { get: (key: keyof Environment) => settings[key] } as unknown as ConfigService<Environment, true>;
const ali = Identity.user('u-ali', 'ali', 's-1');
const general = roomRef();

function row(): MyRoomRow {
  const room = Object.assign(new RoomEntity(), { ...general, lastSeq: 3, createdAt: new Date(0), lastMessageAt: null });
  return { room, readSeq: 1, unread: 2, mentions: 0, notify: null };
}

/** The user's rooms as the database answers them, once the test lets the read finish (or fail). */
class HeldRooms {
  reads = 0;
  private finish: (rows: MyRoomRow[]) => void = () => undefined;
  private fail: (error: Error) => void = () => undefined;

  myRooms = (): Promise<MyRoomRow[]> => {
    this.reads += 1;
    return new Promise((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
    });
  };

  answer(): void {
    this.finish([row()]);
  }

  breakDown(): void {
    this.fail(new Error('the database went away'));
  }
}

function setUp() {
  const relayed = relayUnderTest();
  const rooms = new HeldRooms();
  const online = new LocalOnlineRegistry();
  const ledger = new AccessLedger();
  const users = new StreamedUsers();
  const streams = new UserStreamsService(
    users,
    new MyRoomUpdates(),
    { myRooms: rooms.myRooms } as unknown as MembersService,
    relayed.relay,
    new SessionFactory(config, relayed.metrics, ledger),
    online,
    new AccessVerifier({} as SessionsService, {} as MembersService, {} as UsersService, {} as RoomsService, ledger),
  );
  const open = (socket: FakeSocket) => streams.open(socket.asWebSocket(), ali, ledger.current);
  return { ...relayed, rooms, online, streams, open, users };
}

const roomsSent = (socket: FakeSocket) =>
  socket
    .frames()
    .filter((frame) => frame.event === 'my_room')
    .map((frame) => (frame.data as { slug: string }).slug);

describe('UserStreamsService', () => {
  it('gives a second tab that opens while the first one’s rooms load every room too, from one read', async () => {
    const { rooms, open, online } = setUp();
    const [first, second] = [new FakeSocket(), new FakeSocket()];
    const opening = [open(first), open(second)];
    rooms.answer();
    await Promise.all(opening);
    expect(rooms.reads).toBe(1);
    expect(roomsSent(first)).toEqual(['general']);
    expect(roomsSent(second)).toEqual(['general']);
    expect(await online.areOnline(['u-ali'])).toEqual([true]);
  });

  it('closes every tab that waited on a read that failed, and counts nobody online', async () => {
    const { rooms, open, online } = setUp();
    const [first, second] = [new FakeSocket(), new FakeSocket()];
    const opening = [open(first), open(second)];
    rooms.breakDown();
    expect(await Promise.all(opening)).toEqual([null, null]);
    expect([first.closedWith?.code, second.closedWith?.code]).toEqual([
      CloseCode.InternalError,
      CloseCode.InternalError,
    ]);
    expect(await online.areOnline(['u-ali'])).toEqual([false]);
    const retry = new FakeSocket();
    const reopening = open(retry);
    rooms.answer();
    expect(await reopening).not.toBeNull();
    expect(rooms.reads).toBe(2);
  });

  it('tells the streams at once that the user no longer belongs to a room, and stops following it', async () => {
    const { rooms, open, streams, users } = setUp();
    const socket = new FakeSocket();
    const opening = open(socket);
    rooms.answer();
    await opening;
    streams.membershipChanged({ room: general, userId: 'u-ali', username: 'ali', kind: 'removed', by: 'owner' });
    expect(socket.frames().at(-1)).toEqual({ event: 'my_room_removed', data: { slug: 'general', by: 'owner' } });
    expect(users.get('u-ali')?.rooms.has('general')).toBe(false);
    expect([...users.inRoom('general')]).toEqual([]);
  });
});
