import { roomRef } from '../../../test/factories/drafts.js';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { relayUnderTest } from '../../../test/factories/relay.js';
import { sessionOn } from '../../../test/factories/sessions.js';
import { Identity } from '../../identity/identity.js';
import { LocalOnlineRegistry } from '../../online/online-registry.js';
import { LocalPresenceRegistry } from '../transport/presence/local-presence-registry.js';
import type { PresentPerson } from '../transport/presence/presence-registry.js';
import { PresenceService } from './presence.service.js';

/** The local registry, plus the expiry report a Redis registry would make. */
class ExpiringRegistry extends LocalPresenceRegistry {
  private listener: (room: string, gone: PresentPerson[]) => void = () => {};

  override onExpired(listener: (room: string, gone: PresentPerson[]) => void): void {
    this.listener = listener;
  }

  expire(room: string, gone: PresentPerson[]): void {
    this.listener(room, gone);
  }
}

function setUp() {
  const relayed = relayUnderTest();
  const registry = new ExpiringRegistry(relayed.hub);
  const presence = new PresenceService(relayed.hub, registry, relayed.relay, new LocalOnlineRegistry());
  presence.onModuleInit();
  relayed.wire(presence);
  const connect = async (name: string) => {
    const socket = new FakeSocket();
    const session = sessionOn(socket, { room: roomRef(), identity: Identity.guest(name) });
    const join = await presence.arrive(session);
    if (join) presence.announceJoin('general', join);
    session.goLive(0);
    return { socket, session, join };
  };
  return { ...relayed, registry, presence, connect };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('PresenceService', () => {
  it('announces a person once however many tabs they open, and their leave only with the last one', async () => {
    const { presence, connect } = setUp();
    const watcher = await connect('Bea');
    const first = await connect('Ali');
    const second = await connect('Ali');
    expect([first.join?.username, second.join]).toEqual(['Ali', null]);
    await presence.depart(first.session);
    await presence.depart(second.session);
    const notices = watcher.socket
      .frames()
      .filter((frame) => frame.event === 'system')
      .map((frame) => frame.data);
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'join', username: 'Ali' }),
      expect.objectContaining({ kind: 'leave', username: 'Ali' }),
    ]);
  });

  it('sends one presence snapshot for all the joins of one turn', async () => {
    const { connect } = setUp();
    const watcher = await connect('Bea');
    await nextTurn();
    const before = watcher.socket.frames().length;
    await Promise.all(['Ali', 'Cy', 'Dee'].map((name) => connect(name)));
    await nextTurn();
    const snapshots = watcher.socket
      .frames()
      .slice(before)
      .filter((frame) => frame.event === 'presence');
    expect(snapshots).toEqual([{ event: 'presence', data: { users: ['Bea', 'Ali', 'Cy', 'Dee'] } }]);
  });

  it('gives the joiners of one turn one encoded list that names each of them, and a later joiner a new one', async () => {
    const { presence, connect } = setUp();
    await Promise.all(['Ali', 'Bea'].map((name) => connect(name)));
    const [first, second] = await Promise.all([presence.joinerSnapshot('general'), presence.joinerSnapshot('general')]);
    expect(second).toBe(first);
    expect(JSON.parse(first.payload.toString())).toEqual({ event: 'presence', data: { users: ['Ali', 'Bea'] } });
    await connect('Cy');
    const later = await presence.joinerSnapshot('general');
    expect(JSON.parse(later.payload.toString()).data.users).toEqual(['Ali', 'Bea', 'Cy']);
  });

  it('announces the leave of people whose instance died, as the registry reports them', async () => {
    const { registry, connect } = setUp();
    const watcher = await connect('Bea');
    registry.expire('general', [{ key: 'guest:Ghost', username: 'Ghost' }]);
    expect(watcher.socket.frames().find((frame) => frame.event === 'system')?.data).toMatchObject({
      kind: 'leave',
      username: 'Ghost',
    });
  });
});
