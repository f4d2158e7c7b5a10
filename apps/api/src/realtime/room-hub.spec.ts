import { roomRef } from '../../test/factories/drafts.js';
import { FakeSocket } from '../../test/factories/fake-socket.js';
import { sessionOn } from '../../test/factories/sessions.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RoomHub } from './room-hub.js';

function connect(hub: RoomHub, username: string, room = roomRef()) {
  const socket = new FakeSocket();
  const session = sessionOn(socket, { room, username });
  const isNewName = hub.add(session);
  session.goLive(0);
  return { socket, session, isNewName };
}

describe('RoomHub', () => {
  it('lists each name once however many connections it has, and says when a name arrives and leaves', () => {
    const hub = new RoomHub(new MetricsService());
    const first = connect(hub, 'Ali');
    const second = connect(hub, 'Ali');
    connect(hub, 'Bea');
    expect([first.isNewName, second.isNewName]).toEqual([true, false]);
    expect(hub.presence('general')).toEqual(['Ali', 'Bea']);
    expect(hub.remove(first.session)).toBe(false);
    expect(hub.presence('general')).toEqual(['Ali', 'Bea']);
    expect(hub.remove(second.session)).toBe(true);
    expect(hub.presence('general')).toEqual(['Bea']);
  });

  it('removing a session twice changes nothing', () => {
    const hub = new RoomHub(new MetricsService());
    const ali = connect(hub, 'Ali');
    connect(hub, 'Ali');
    expect(hub.remove(ali.session)).toBe(false);
    expect(hub.remove(ali.session)).toBe(false);
    expect(hub.presence('general')).toEqual(['Ali']);
  });

  it('broadcasts to its room only, skipping the excepted session', () => {
    const hub = new RoomHub(new MetricsService());
    const ali = connect(hub, 'Ali');
    const bea = connect(hub, 'Bea');
    const other = connect(hub, 'Cy', roomRef({ id: 2, slug: 'other' }));
    hub.broadcast('general', { event: 'presence', data: { users: ['Ali', 'Bea'] } }, ali.session);
    expect(ali.socket.sent).toEqual([]);
    expect(bea.socket.frames()).toEqual([{ event: 'presence', data: { users: ['Ali', 'Bea'] } }]);
    expect(other.socket.sent).toEqual([]);
  });

  it('delivers stored messages to the sessions of their own room', () => {
    const hub = new RoomHub(new MetricsService());
    const ali = connect(hub, 'Ali');
    const other = connect(hub, 'Cy', roomRef({ id: 2, slug: 'other' }));
    hub.deliver([
      { id: 'a', seq: 1, room: 'general', username: 'Ali', content: 'x', createdAt: '' },
      { id: 'b', seq: 1, room: 'other', username: 'Cy', content: 'y', createdAt: '' },
    ]);
    expect(ali.socket.frames().map((f) => (f.data as { id: string }).id)).toEqual(['a']);
    expect(other.socket.frames().map((f) => (f.data as { id: string }).id)).toEqual(['b']);
  });
});
