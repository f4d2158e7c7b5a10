import { draft, roomRef } from '../../test/factories/drafts.js';
import type { MessageDraft } from './message-draft.js';
import { MessageEntity } from './message.entity.js';
import { MessageWriter } from './message-writer.js';
import type { AppendOutcome } from './message-store.js';
import { WriteLanes } from './write-lanes.js';

/** A store whose transactions finish only when the test says so, recording which are open at once. */
class HeldStore {
  readonly open: Array<{ rooms: number[]; finish: () => void }> = [];
  private seq = 0;

  append = (drafts: readonly MessageDraft[]): Promise<AppendOutcome[]> =>
    new Promise((resolve) => {
      const outcomes = drafts.map((d) => ({
        row: Object.assign(new MessageEntity(), {
          roomId: d.room.id,
          seq: ++this.seq,
          id: `m${this.seq}`,
          username: d.sender.username,
          content: d.content,
          createdAt: new Date(),
        }),
        duplicate: false,
      }));
      this.open.push({ rooms: drafts.map((d) => d.room.id), finish: () => resolve(outcomes) });
    });
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

function lanesOver(store: HeldStore, count: number, stored: string[]) {
  const writers = Array.from(
    { length: count },
    () =>
      new MessageWriter(
        store.append,
        () => Promise.reject(new Error('no changes here')),
        (events) => events.forEach((event) => stored.push(event.message.content)),
        500,
      ),
  );
  return new WriteLanes(writers);
}

describe('WriteLanes', () => {
  it('commits rooms of different lanes side by side', async () => {
    const store = new HeldStore();
    const lanes = lanesOver(store, 2, []);
    const written = [
      lanes.write(draft({ room: roomRef({ id: 1, slug: 'one' }) })),
      lanes.write(draft({ room: roomRef({ id: 2, slug: 'two' }) })),
    ];
    await turn();
    expect(store.open.map((transaction) => transaction.rooms)).toEqual([[1], [2]]);
    store.open.forEach((transaction) => transaction.finish());
    await Promise.all(written);
  });

  it('keeps one room in one lane: its next batch waits for its running one, and order holds', async () => {
    const store = new HeldStore();
    const stored: string[] = [];
    const lanes = lanesOver(store, 2, stored);
    const room = roomRef({ id: 3, slug: 'three' });
    const first = lanes.write(draft({ room, content: 'first' }));
    await turn();
    const second = lanes.write(draft({ room, content: 'second' }));
    await turn();
    expect(store.open).toHaveLength(1);
    store.open[0].finish();
    await first;
    await turn();
    expect(store.open).toHaveLength(2);
    store.open[1].finish();
    await second;
    expect(stored).toEqual(['first', 'second']);
  });

  it('closes every lane, waiting for what each has taken', async () => {
    const store = new HeldStore();
    const lanes = lanesOver(store, 2, []);
    const one = lanes.write(draft({ room: roomRef({ id: 1, slug: 'one' }) }));
    const two = lanes.write(draft({ room: roomRef({ id: 2, slug: 'two' }) }));
    await turn();
    let closed = false;
    const closing = lanes.close().then(() => (closed = true));
    await expect(lanes.write(draft({ room: roomRef({ id: 1, slug: 'one' }) }))).rejects.toThrow(/shutting down/);
    store.open[0].finish();
    await one;
    await turn();
    expect(closed).toBe(false);
    store.open[1].finish();
    await Promise.all([two, closing]);
    expect(closed).toBe(true);
  });
});
