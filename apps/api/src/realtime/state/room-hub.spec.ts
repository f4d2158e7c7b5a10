import { roomRef } from '../../../test/factories/drafts.js';
import { FakeSocket } from '../../../test/factories/fake-socket.js';
import { sessionOn } from '../../../test/factories/sessions.js';
import { Identity } from '../../identity/identity.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { encodeFrame } from './encoded-frame.js';
import { RoomHub } from './room-hub.js';

function connect(hub: RoomHub, username: string, room = roomRef()) {
  const socket = new FakeSocket();
  const session = sessionOn(socket, { room, identity: Identity.guest(username) });
  const isFirstHere = hub.add(session);
  session.goLive(0);
  return { socket, session, isFirstHere };
}

const names = (hub: RoomHub, room = 'general') => hub.people(room).map((person) => person.username);

describe('RoomHub', () => {
  it('lists each person once however many connections they have, and says when they arrive and leave', () => {
    const hub = new RoomHub(new MetricsService());
    const first = connect(hub, 'Ali');
    const second = connect(hub, 'Ali');
    connect(hub, 'Bea');
    expect([first.isFirstHere, second.isFirstHere]).toEqual([true, false]);
    expect(names(hub)).toEqual(['Ali', 'Bea']);
    expect(hub.remove(first.session)).toBe('still-here');
    expect(names(hub)).toEqual(['Ali', 'Bea']);
    expect(hub.remove(second.session)).toBe('left');
    expect(names(hub)).toEqual(['Bea']);
  });

  it('removing a session twice changes nothing', () => {
    const hub = new RoomHub(new MetricsService());
    const ali = connect(hub, 'Ali');
    connect(hub, 'Ali');
    expect(hub.remove(ali.session)).toBe('still-here');
    expect(hub.remove(ali.session)).toBe('not-here');
    expect(names(hub)).toEqual(['Ali']);
  });

  it('delivers to the sessions of one room only, and says how many it reached', () => {
    const hub = new RoomHub(new MetricsService());
    const ali = connect(hub, 'Ali');
    const bea = connect(hub, 'Bea');
    const other = connect(hub, 'Cy', roomRef({ id: 2, slug: 'other' }));
    expect(hub.deliver('general', encodeFrame({ event: 'presence', data: { users: ['Ali', 'Bea'] } }))).toBe(2);
    expect(ali.socket.frames()).toEqual([{ event: 'presence', data: { users: ['Ali', 'Bea'] } }]);
    expect(bea.socket.frames()).toHaveLength(1);
    expect(other.socket.sent).toEqual([]);
    expect(hub.connectionCount('general')).toBe(2);
    expect(hub.deliver('nobody-here', encodeFrame({ event: 'pong', data: {} }))).toBe(0);
  });
});
