import { MuteBook } from '../../moderation/mute-book.js';
import type { RestrictionsRepository } from '../../moderation/restrictions.repository.js';
import { LocalEventLink } from '../../events/event-link.js';
import type { ConfigService } from '@nestjs/config';
import { CloseCode } from '@parley/contracts';
import { roomRef } from '../../../test/factories/drafts.js';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { chatMessage, relayUnderTest } from '../../../test/factories/relay.js';
import type { SessionsService } from '../../auth/sessions.service.js';
import type { Environment } from '../../config/environment.js';
import { Identity } from '../../identity/identity.js';
import type { MembersService } from '../../members/members.service.js';
import type { HistoryPage, MessagesService } from '../../messages/messages.service.js';
import { LocalOnlineRegistry } from '../../online/online-registry.js';
import type { RoomsService } from '../../rooms/rooms.service.js';
import type { UsersService } from '../../users/users.service.js';
import { AccessLedger } from '../state/access-ledger.js';
import { SessionFactory } from '../state/session-factory.js';
import { LocalPresenceRegistry } from '../transport/presence/local-presence-registry.js';
import { AccessVerifier } from './admission/access-verifier.js';
import { JoinService } from './join.service.js';
import type { MemberContext } from './member-context.js';
import { PresenceService } from './presence.service.js';
import { TypingService } from './typing.service.js';

const room = roomRef({ id: 7, slug: 'plans', visibility: 'private' });
const ali = Identity.user('u-ali', 'ali', 's-ali');

const settings: Partial<Environment> = { WS_MAX_BUFFERED_BYTES: 1 << 20, WS_RATE_BURST: 0, WS_RATE_PER_SEC: 0 };
const config = { get: (key: keyof Environment) => settings[key] } as unknown as ConfigService<Environment, true>;

/** A history read the test completes when it likes, so things can happen while the join waits on it. */
function heldHistory() {
  let release: (page: HistoryPage) => void = () => undefined;
  const read = new Promise<HistoryPage>((resolve) => (release = resolve));
  return { read, release: () => release({ messages: [chatMessage(1)], updates: [], lastSeq: 1, hasMore: false }) };
}

/** What the database says of rights read again: which sessions are active. */
class RightsOnRecord {
  activeSessions = new Set(['s-ali']);

  verifier(ledger: AccessLedger): AccessVerifier {
    return new AccessVerifier(
      {
        activeAmong: async (ids: readonly string[]) => new Set(ids.filter((id) => this.activeSessions.has(id))),
      } as unknown as SessionsService,
      { membershipsAmong: async () => new Set(['7:u-ali']) } as unknown as MembersService,
      { registeredAmong: async () => new Set<string>() } as unknown as UsersService,
      { byIds: async () => [] } as unknown as RoomsService,
      ledger,
    );
  }
}

function setUp() {
  const relayed = relayUnderTest();
  const ledger = new AccessLedger();
  const rights = new RightsOnRecord();
  const history = heldHistory();
  const presence = new PresenceService(
    relayed.hub,
    new LocalPresenceRegistry(relayed.hub),
    relayed.relay,
    new LocalOnlineRegistry(),
  );
  const joins = new JoinService(
    { open: async () => room } as unknown as RoomsService,
    { history: () => history.read } as unknown as MessagesService,
    relayed.relay,
    presence,
    new SessionFactory(config, relayed.metrics, ledger),
    { enter: async () => ({}) } as unknown as MemberContext,
    new TypingService(relayed.hub, relayed.relay),
    rights.verifier(ledger),
    new MuteBook({ mutesInForce: async () => [] } as unknown as RestrictionsRepository, new LocalEventLink()),
  );
  const join = (socket: FakeSocket, identity = ali) =>
    joins.join(socket.asWebSocket(), { room: room.slug, identity, since: undefined, grantAt: ledger.current });
  return { ...relayed, ledger, rights, history, joins, join };
}

const eventsOf = (socket: FakeSocket) => socket.frames().map((frame) => frame.event);

describe('JoinService', () => {
  it('sends history, presence and the join notice, then goes live', async () => {
    const { history, join, relay, log } = setUp();
    log.messages.set(room.slug, [chatMessage(1, { room: room.slug })]);
    const socket = new FakeSocket();
    const joining = join(socket);
    history.release();
    const session = await joining;
    expect(eventsOf(socket)).toEqual(['history', 'presence', 'system']);
    relay.emit({ room: room.slug, type: 'message', data: chatMessage(2, { room: room.slug }) });
    expect(eventsOf(socket).at(-1)).toBe('message');
    expect(session?.isLive).toBe(true);
  });

  it('shuts out a member removed while her join was reading the history: closed 4403, nothing sent', async () => {
    const { history, join, ledger } = setUp();
    const socket = new FakeSocket();
    const joining = join(socket);
    await new Promise((resolve) => setImmediate(resolve));
    ledger.memberRemoved(room.id, 'u-ali');
    history.release();
    expect(await joining).toBeNull();
    expect(socket.closedWith?.code).toBe(CloseCode.RemovedFromRoom);
    expect(eventsOf(socket)).toEqual([]);
  });

  it('shuts out a session signed out while it joined, and tells nobody it came or went', async () => {
    const { history, join, ledger, hub } = setUp();
    const watcherSocket = new FakeSocket();
    const watching = join(watcherSocket, Identity.user('u-bea', 'bea', 's-bea'));
    history.release();
    await watching;
    const socket = new FakeSocket();
    const joining = join(socket);
    ledger.sessionsRevoked(['s-ali']);
    expect(await joining).toBeNull();
    expect(socket.closedWith?.code).toBe(CloseCode.Unauthorized);
    await new Promise((resolve) => setImmediate(resolve));
    const notices = watcherSocket.frames().filter((frame) => frame.event === 'system');
    expect(notices.map((frame) => (frame.data as { username: string }).username)).toEqual(['bea']);
    expect(hub.connectionCount(room.slug)).toBe(1);
  });

  it('reads the rights of a join that began before a resync again, and shuts it out when they no longer hold', async () => {
    const { history, join, ledger, rights } = setUp();
    const socket = new FakeSocket();
    const joining = join(socket);
    ledger.resynced();
    rights.activeSessions.clear();
    history.release();
    expect(await joining).toBeNull();
    expect(socket.closedWith?.code).toBe(CloseCode.Unauthorized);
  });
});
