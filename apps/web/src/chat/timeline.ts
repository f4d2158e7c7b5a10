import type { ChatMessage, SystemData } from '@parley/contracts';
import type { OutgoingMessage } from './outbox';

/** A join, leave, addition or removal, pinned after the message that was newest when it arrived (it has no seq). */
export interface RoomNotice extends SystemData {
  id: number;
  afterSeq: number;
}

/** A row of the stored conversation. */
export type TimelineEntry =
  { kind: 'message'; key: string; message: ChatMessage } | { kind: 'notice'; key: string; notice: RoomNotice };

/** A row as shown: the stored conversation, then what is still on its way. */
export type TimelineItem = TimelineEntry | { kind: 'outgoing'; key: string; outgoing: OutgoingMessage };

/**
 * What a view needs of the timeline. A new one is made (in O(1)) after every change; `entries` is the same array
 * for as long as it only grew at the end, and a new array once the timeline was rebuilt, so a view can tell an
 * append (lay out `entries[previous length…]` only) from anything else (lay out afresh).
 */
export interface TimelineView {
  readonly entries: readonly TimelineEntry[];
  readonly length: number;
}

/** Both lists sorted by seq; the result is sorted, and holds each seq once (a later copy replaces an earlier one). */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const bySeq = new Map<number, ChatMessage>();
  for (const message of current) bySeq.set(message.seq, message);
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function isAscending(messages: readonly ChatMessage[], after: number): boolean {
  let previous = after;
  for (const message of messages) {
    if (message.seq <= previous) return false;
    previous = message.seq;
  }
  return true;
}

const messageEntry = (message: ChatMessage): TimelineEntry => ({
  kind: 'message',
  key: `message-${message.seq}`,
  message,
});

const noticeEntry = (notice: RoomNotice): TimelineEntry => ({ kind: 'notice', key: `notice-${notice.id}`, notice });

/**
 * One room's stored messages with the joins and leaves between them, in the order shown.
 *
 * Messages nearly always arrive in order, newest last: those are pushed onto the entries in place, so a new
 * message costs the same with 10,000 held as with 10. Only a message that belongs before the newest held (an older
 * page, the missed messages fetched after a reconnect) rebuilds the entries, into a new array.
 */
export class Timeline {
  /** Sorted by seq, each seq once. */
  private messages: ChatMessage[] = [];
  /** In arrival order, which is also afterSeq order: the newest seq never goes down. */
  private readonly notices: RoomNotice[] = [];
  private entries: TimelineEntry[] = [];
  private nextNoticeId = 1;

  view(): TimelineView {
    return { entries: this.entries, length: this.entries.length };
  }

  get newestSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  get oldestSeq(): number | undefined {
    return this.messages[0]?.seq;
  }

  /**
   * The highest seq up to which the held messages have no hole, counting from the oldest held. Seqs have no gaps
   * on the server, so a hole means messages are still being fetched, and reconnecting with a later `since`
   * would lose them for good.
   */
  contiguousSeq(): number | undefined {
    const { messages } = this;
    if (messages.length === 0) return undefined;
    let index = 0;
    while (index + 1 < messages.length && messages[index + 1]!.seq === messages[index]!.seq + 1) index++;
    return messages[index]!.seq;
  }

  /** Adds what is not held yet; a message seen twice (a broadcast also in a fetched page) is ignored. */
  addMessages(incoming: readonly ChatMessage[]): void {
    const fresh = incoming.filter((message) => !this.holds(message.seq));
    if (fresh.length === 0) return;
    if (isAscending(fresh, this.newestSeq)) {
      for (const message of fresh) {
        this.messages.push(message);
        this.entries.push(messageEntry(message));
      }
      return;
    }
    this.messages = mergeMessages(this.messages, fresh);
    this.rebuildEntries();
  }

  /** Pins a join or leave after the newest message held, which is the end of the timeline. */
  addNotice(notice: SystemData): void {
    const pinned: RoomNotice = { ...notice, id: this.nextNoticeId++, afterSeq: this.newestSeq };
    this.notices.push(pinned);
    this.entries.push(noticeEntry(pinned));
  }

  /** The seq of the newest message held at or below `seq`; undefined when none is (not loaded, or none yet). */
  newestSeqAtOrBelow(seq: number): number | undefined {
    let low = 0;
    let high = this.messages.length - 1;
    let found: number | undefined;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const candidate = this.messages[middle]!.seq;
      if (candidate <= seq) {
        found = candidate;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }

  /** Binary search: the messages are sorted by seq. */
  private holds(seq: number): boolean {
    let low = 0;
    let high = this.messages.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = this.messages[middle]!.seq;
      if (found === seq) return true;
      if (found < seq) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }

  /** Messages in seq order, each notice before the first message newer than the one it was pinned to. */
  private rebuildEntries(): void {
    const entries: TimelineEntry[] = [];
    let noticeIndex = 0;
    const pushNoticesBefore = (seq: number) => {
      while (noticeIndex < this.notices.length && this.notices[noticeIndex]!.afterSeq < seq) {
        entries.push(noticeEntry(this.notices[noticeIndex++]!));
      }
    };
    for (const message of this.messages) {
      pushNoticesBefore(message.seq);
      entries.push(messageEntry(message));
    }
    pushNoticesBefore(Number.POSITIVE_INFINITY);
    this.entries = entries;
  }
}
