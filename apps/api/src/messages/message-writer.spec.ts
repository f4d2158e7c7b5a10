import { draft, roomRef } from '../../test/factories/drafts.js';
import { ErrorCode } from '@parley/contracts';
import { Identity } from '../identity/identity.js';
import type { ChangeDraft, MessageDraft, TimelineEvent } from './message-draft.js';
import type { RowChangeOutcome } from './message-changes.repository.js';
import { MessageEntity } from './message.entity.js';
import { MessageWriter, WriterClosedError, type AppendBatch } from './message-writer.js';
import type { AppendOutcome } from './message-store.js';

/** An in-memory stand-in for MessagesRepository.appendBatch that numbers rows per room and records each batch. */
class RecordingStore {
  readonly batches: MessageDraft[][] = [];
  failNext = false;
  /** Content whose draft a unique index refuses, in whatever batch it comes (not a resend the store could resolve). */
  refusedContent: string | null = null;
  /** The next batch comes back with a row the mapper cannot read, as a driver bug might return. */
  corruptNext = false;
  private readonly lastSeq = new Map<number, number>();
  private readonly byClientId = new Map<string, MessageEntity>();

  append = async (drafts: readonly MessageDraft[], now: Date): Promise<AppendOutcome[]> => {
    this.batches.push([...drafts]);
    await Promise.resolve();
    if (this.failNext) {
      this.failNext = false;
      throw new Error('connection lost');
    }
    if (drafts.some((d) => d.content === this.refusedContent)) {
      throw Object.assign(new Error('Duplicate entry'), { code: 'ER_DUP_ENTRY' });
    }
    const corrupt = this.corruptNext;
    this.corruptNext = false;
    return drafts.map((d) => {
      const key = `${d.room.id}/${d.clientId}/${d.sender.key}`;
      const earlier = d.clientId ? this.byClientId.get(key) : undefined;
      if (earlier) return { row: earlier, duplicate: true };
      const seq = (this.lastSeq.get(d.room.id) ?? 0) + 1;
      this.lastSeq.set(d.room.id, seq);
      const row = Object.assign(new MessageEntity(), {
        roomId: d.room.id,
        seq,
        id: `id-${d.room.id}-${seq}`,
        username: d.sender.username,
        content: d.content,
        clientId: d.clientId ?? null,
        createdAt: corrupt ? (null as unknown as Date) : now,
      });
      if (d.clientId) this.byClientId.set(key, row);
      return { row, duplicate: false };
    });
  };
}

/** Changes, as the store would answer them: each records itself in the same list of transactions as the batches. */
function changeStore(store: RecordingStore) {
  let lastSeq = 100;
  return async (change: ChangeDraft): Promise<RowChangeOutcome> => {
    store.batches.push([]);
    if (change.messageId === 'missing') return { kind: 'refused', code: ErrorCode.NotFound, reason: 'No such message' };
    const row = Object.assign(new MessageEntity(), {
      roomId: 1,
      seq: 1,
      id: change.messageId,
      username: 'Ali',
      userId: null,
      content: 'edited',
      clientId: null,
      createdAt: new Date(0),
      version: ++lastSeq,
      editedAt: new Date(0),
      deleted: false,
      replyToId: null,
      reactions: null,
    });
    return { kind: 'changed', seq: lastSeq, row };
  };
}

function setUp(maxBatchSize = 100, onStored?: (events: readonly TimelineEvent[]) => void) {
  const store = new RecordingStore();
  const broadcasts: TimelineEvent[][] = [];
  const writer = new MessageWriter(
    store.append,
    changeStore(store),
    onStored ?? ((events) => broadcasts.push([...events])),
    maxBatchSize,
  );
  return { store, broadcasts, writer };
}

const edit = (messageId: string): ChangeDraft => ({
  room: roomRef(),
  sender: Identity.guest('Ali'),
  messageId,
  action: { kind: 'edit', content: 'edited' },
});

describe('MessageWriter', () => {
  it('stores messages sent in the same turn in one batch, in arrival order', async () => {
    const { store, writer } = setUp();
    const results = await Promise.all(['a', 'b', 'c'].map((content) => writer.write(draft({ content }))));
    expect(store.batches).toHaveLength(1);
    expect(results.map((r) => [r.message.content, r.message.seq])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });

  it('groups what arrives during a commit into the next batch', async () => {
    const { store, writer } = setUp();
    const first = writer.write(draft({ content: 'first' }));
    await new Promise((resolve) => setImmediate(resolve));
    const later = [writer.write(draft({ content: 'x' })), writer.write(draft({ content: 'y' }))];
    await Promise.all([first, ...later]);
    expect(store.batches.map((batch) => batch.map((d) => d.content))).toEqual([['first'], ['x', 'y']]);
  });

  it('splits a long queue into batches of at most the configured size', async () => {
    const { store, writer } = setUp(2);
    await Promise.all(Array.from({ length: 5 }, (_, i) => writer.write(draft({ content: String(i) }))));
    expect(store.batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
  });

  it('fails only the message a unique index refuses, not the others of its batch', async () => {
    const { store, writer } = setUp();
    store.refusedContent = 'clash';
    const outcomes = await Promise.allSettled(
      ['before', 'clash', 'after'].map((content) => writer.write(draft({ content, clientId: content }))),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(store.batches.map((batch) => batch.map((d) => d.content))).toEqual([
      ['before', 'clash', 'after'],
      ['before'],
      ['clash'],
      ['after'],
    ]);
  });

  it('announces stored messages in seq order before answering their senders', async () => {
    const { broadcasts, writer } = setUp();
    const order: string[] = [];
    const pending = [
      writer.write(draft({ content: 'a' })),
      writer.write(draft({ content: 'b', room: roomRef({ id: 2, slug: 'other' }) })),
    ];
    await Promise.all(pending.map((p) => p.then(() => order.push(`ack after ${broadcasts.length} broadcast(s)`))));
    expect(broadcasts).toHaveLength(1);
    expect(broadcasts[0].map((s) => `${s.message.room}#${s.message.seq}`)).toEqual(['general#1', 'other#1']);
    expect(order).toEqual(['ack after 1 broadcast(s)', 'ack after 1 broadcast(s)']);
  });

  it('rejects every message of a failed batch and announces none of them', async () => {
    const { store, broadcasts, writer } = setUp();
    store.failNext = true;
    const results = await Promise.allSettled([writer.write(draft()), writer.write(draft())]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(broadcasts).toEqual([]);
    await expect(writer.write(draft({ content: 'after recovery' }))).resolves.toMatchObject({ message: { seq: 1 } });
  });

  it('answers the senders of a committed batch even when announcing it throws, and goes on', async () => {
    let throwOnce = true;
    const { writer } = setUp(100, () => {
      if (throwOnce) {
        throwOnce = false;
        throw new Error('listener bug');
      }
    });
    await expect(writer.write(draft({ content: 'a' }))).resolves.toMatchObject({ message: { seq: 1 } });
    await expect(writer.write(draft({ content: 'b' }))).resolves.toMatchObject({ message: { seq: 2 } });
  });

  it('rejects the senders of a batch whose rows cannot be read, and goes on with the next batch', async () => {
    const { store, writer } = setUp();
    store.corruptNext = true;
    await expect(writer.write(draft({ content: 'a' }))).rejects.toBeInstanceOf(TypeError);
    await expect(writer.write(draft({ content: 'b' }))).resolves.toMatchObject({ message: { content: 'b' } });
  });

  it('stores a clientId resent while the first copy is still queued only once, and answers both', async () => {
    const { store, broadcasts, writer } = setUp();
    const [original, resend] = await Promise.all([
      writer.write(draft({ clientId: 'c1' })),
      writer.write(draft({ clientId: 'c1' })),
    ]);
    expect(store.batches.flat()).toHaveLength(1);
    expect(original).toMatchObject({ duplicate: false, message: { seq: 1 } });
    expect(resend).toMatchObject({ duplicate: true, message: { seq: 1, id: original.message.id } });
    expect(broadcasts.flat()).toHaveLength(1);
  });

  it('does not announce a message the store reports as already stored', async () => {
    const { broadcasts, writer } = setUp();
    await writer.write(draft({ clientId: 'c1' }));
    const again = await writer.write(draft({ clientId: 'c1' }));
    expect(again.duplicate).toBe(true);
    expect(broadcasts.flat().map((s) => s.message.seq)).toEqual([1]);
  });

  it('fails what it could not store by the close deadline, so shutdown does not wait on a hung database', async () => {
    const hung: AppendBatch = () => new Promise(() => {});
    const writer = new MessageWriter(
      hung,
      () => new Promise(() => {}),
      () => {},
      1,
    );
    const inTransaction = writer.write(draft({ content: 'a' }));
    const queued = writer.write(draft({ content: 'b' }));
    await writer.close(50);
    await expect(inTransaction).rejects.toBeInstanceOf(WriterClosedError);
    await expect(queued).rejects.toBeInstanceOf(WriterClosedError);
  });

  it('gives a change a transaction of its own, in its place in the queue', async () => {
    const { store, broadcasts, writer } = setUp();
    await Promise.all([
      writer.write(draft({ content: 'before' })),
      writer.change(edit('m1')),
      writer.write(draft({ content: 'after' })),
    ]);
    expect(store.batches.map((batch) => batch.map((d) => d.content))).toEqual([['before'], [], ['after']]);
    expect(broadcasts.map((events) => events.map((event) => event.type))).toEqual([
      ['message'],
      ['update'],
      ['message'],
    ]);
  });

  it('answers a refused change and announces nothing for it', async () => {
    const { broadcasts, writer } = setUp();
    await expect(writer.change(edit('missing'))).resolves.toMatchObject({ kind: 'refused', code: ErrorCode.NotFound });
    expect(broadcasts).toEqual([]);
  });

  it('finishes what it took when closed, and refuses what comes after', async () => {
    const { writer } = setUp();
    const taken = writer.write(draft());
    await writer.close();
    await expect(taken).resolves.toMatchObject({ message: { seq: 1 } });
    await expect(writer.write(draft())).rejects.toBeInstanceOf(WriterClosedError);
  });
});
