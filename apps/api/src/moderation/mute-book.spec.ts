import { EventLink } from '../events/event-link.js';
import type { ModerationChange } from '../events/domain-events.js';
import { roomRef } from '../../test/factories/drafts.js';
import { MuteBook } from './mute-book.js';
import type { RestrictionsRepository } from './restrictions.repository.js';

/** A link whose outage the test ends by hand. */
class ResumableLink extends EventLink {
  private resumed: Array<() => void> = [];
  publish(): void {}
  onReceive(): void {}
  onResumed(listener: () => void): void {
    this.resumed.push(listener);
  }
  resume(): void {
    this.resumed.forEach((listener) => listener());
  }
}

/** The mutes on record, read when the book asks; each read can be held open to tell changes while it runs. */
class MutesOnRecord {
  rows: Array<{ userId: string; until: Date }> = [];
  reads = 0;
  private held: Array<() => void> = [];
  holding = false;

  repository(): RestrictionsRepository {
    return {
      mutesInForce: async () => {
        this.reads += 1;
        const rows = [...this.rows];
        if (this.holding) await new Promise<void>((release) => this.held.push(release));
        return rows;
      },
    } as unknown as RestrictionsRepository;
  }

  release(): void {
    this.held.splice(0).forEach((release) => release());
  }
}

const room = roomRef({ id: 7 });
const inAMinute = () => new Date(Date.now() + 60_000);

function setUp() {
  const record = new MutesOnRecord();
  const link = new ResumableLink();
  const book = new MuteBook(record.repository(), link);
  book.onModuleInit();
  const tell = (change: Partial<ModerationChange> & Pick<ModerationChange, 'kind'>) =>
    book.changed({ room, userId: 'u-ali', username: 'ali', ...change } as ModerationChange);
  return { record, link, book, tell };
}

describe('MuteBook', () => {
  it('reads a room’s mutes once however many join at once, and answers from memory after', async () => {
    const { record, book } = setUp();
    const until = inAMinute();
    record.rows = [{ userId: 'u-ali', until }];
    await Promise.all([book.load(room.id), book.load(room.id), book.load(room.id)]);
    expect(record.reads).toBe(1);
    expect(book.mutedUntil(room.id, 'u-ali')).toBe(until.getTime());
    expect(book.mutedUntil(room.id, 'u-bea')).toBeNull();
    expect(book.mutedUntil(room.id, null)).toBeNull();
    expect(book.mutedUntil(room.id, 'u-ali', until.getTime())).toBeNull();
    expect(book.mutedUntil(8, 'u-ali')).toBeNull();
  });

  it('keeps what was told while the read ran over the read’s older answer', async () => {
    const { record, book, tell } = setUp();
    record.rows = [{ userId: 'u-ali', until: inAMinute() }];
    record.holding = true;
    const loading = book.load(room.id);
    const later = inAMinute();
    tell({ kind: 'unmute' });
    tell({ kind: 'mute', userId: 'u-bea', until: later.toISOString() });
    record.release();
    await loading;
    expect(book.mutedUntil(room.id, 'u-ali')).toBeNull();
    expect(book.mutedUntil(room.id, 'u-bea')).toBe(later.getTime());
  });

  it('follows mutes told for a loaded room, ignores rooms it never read, and reads the rooms it knows again after an outage', async () => {
    const { record, link, book, tell } = setUp();
    const other = { ...room, id: 9 };
    book.changed({ kind: 'mute', room: other, userId: 'u-ali', username: 'ali', until: inAMinute().toISOString() });
    await book.load(room.id);
    const until = inAMinute();
    tell({ kind: 'mute', until: until.toISOString() });
    expect(book.mutedUntil(room.id, 'u-ali')).toBe(until.getTime());
    expect(book.mutedUntil(other.id, 'u-ali')).toBeNull();

    // The unmute told during the outage was missed: the room is read again, and its copy answers until then.
    record.rows = [];
    record.holding = true;
    link.resume();
    expect(book.mutedUntil(room.id, 'u-ali')).toBe(until.getTime());
    const reread = book.load(room.id);
    record.release();
    await reread;
    expect(record.reads).toBe(2);
    expect(book.mutedUntil(room.id, 'u-ali')).toBeNull();
  });
});
