import { Identity } from '../src/identity/identity.js';
import type { MessageDraft } from '../src/messages/message-draft.js';
import { MessageStore } from '../src/messages/message-store.js';
import type { RoomRef } from '../src/rooms/room-ref.js';
import { RoomsService } from '../src/rooms/rooms.service.js';
import { startTestApp, storedMessages, uniqueRoom, type TestApp } from './support/test-app.js';

/** The repository's batch on the pass's database, below the writer: what one transaction of the group commit does. */
describe('storing a batch', () => {
  let server: TestApp;
  let repository: MessageStore;
  let rooms: RoomsService;

  beforeAll(async () => {
    server = await startTestApp();
    repository = server.app.get(MessageStore);
    rooms = server.app.get(RoomsService);
  });

  afterAll(() => server.close());

  const message = (room: RoomRef, content: string, clientId?: string): MessageDraft => ({
    room,
    sender: Identity.guest('Ali'),
    content,
    clientId,
  });

  it('numbers a batch that spans rooms per room, after what each held, and moves each room’s last seq', async () => {
    const [a, b, c] = await Promise.all(
      [uniqueRoom('a'), uniqueRoom('b'), uniqueRoom('c')].map((slug) => rooms.open(slug)),
    );
    await repository.appendBatch([message(a, 'a1'), message(a, 'a2')], new Date());

    const outcomes = await repository.appendBatch(
      [message(b, 'b1'), message(a, 'a3'), message(c, 'c1'), message(b, 'b2'), message(a, 'a4')],
      new Date(),
    );

    expect(outcomes.map(({ row, duplicate }) => [row.content, row.seq, duplicate])).toEqual([
      ['b1', 1, false],
      ['a3', 3, false],
      ['c1', 1, false],
      ['b2', 2, false],
      ['a4', 4, false],
    ]);
    for (const [room, contents] of [
      [a, ['a1', 'a2', 'a3', 'a4']],
      [b, ['b1', 'b2']],
      [c, ['c1']],
    ] as const) {
      const stored = await storedMessages(server, room.slug);
      expect(stored.map((row) => [row.seq, row.content])).toEqual(contents.map((content, i) => [i + 1, content]));
      expect(await rooms.lastSeq(room)).toBe(contents.length);
    }
  });

  it('resolves a resend in a batch that spans rooms to the stored copy, and stores the rest once', async () => {
    const [a, b] = await Promise.all([uniqueRoom('a'), uniqueRoom('b')].map((slug) => rooms.open(slug)));
    const [first] = await repository.appendBatch([message(a, 'hello', 'c-1')], new Date());

    const outcomes = await repository.appendBatch(
      [message(b, 'b1', 'c-1'), message(a, 'hello', 'c-1'), message(a, 'a2', 'c-2')],
      new Date(),
    );

    expect(outcomes.map(({ row, duplicate }) => [row.content, row.seq, duplicate])).toEqual([
      ['b1', 1, false],
      ['hello', 1, true],
      ['a2', 2, false],
    ]);
    expect(outcomes[1].row.id).toBe(first.row.id);
    expect((await storedMessages(server, a.slug)).map((row) => row.content)).toEqual(['hello', 'a2']);
    expect(await rooms.lastSeq(b)).toBe(1);
  });
});
