import type { ChatMessage, SystemData } from '@parley/contracts';
import type { OutgoingMessage } from './outbox';

/** A join, leave, addition or removal, pinned after the message that was newest when it arrived (it has no seq). */
export interface RoomNotice extends SystemData {
  id: number;
  afterSeq: number;
}

/** A row of the stored conversation. */
export type TimelineEntry =
  | { kind: 'message'; key: string; message: ChatMessage }
  | { kind: 'notice'; key: string; notice: RoomNotice }
  /** Messages after `afterSeq` not loaded yet (a window opened on an older message, below it the newest ones). */
  | { kind: 'gap'; key: string; afterSeq: number };

/** A row as shown: the stored conversation, then what is still on its way. */
export type TimelineItem = TimelineEntry | { kind: 'outgoing'; key: string; outgoing: OutgoingMessage };

/**
 * What a view needs of the timeline. A new one is made (in O(1)) after every change; `entries` is the same array
 * for as long as it only grew at the end or had rows replaced in place under the same key (a message edited,
 * deleted or reacted to), and a new array once the timeline was rebuilt, so a view can tell an append (lay out
 * `entries[previous length…]` only) from anything else (lay out afresh). A row replaced in place keeps its key, so
 * whoever remembers its height by key measures it again when it renders.
 */
export interface TimelineView {
  readonly entries: readonly TimelineEntry[];
  readonly length: number;
}

/** The newer of two states of one message: the one with the higher version (the first on a tie). */
export function newerState(current: ChatMessage, incoming: ChatMessage): ChatMessage {
  return incoming.version > current.version ? incoming : current;
}

/** Both lists sorted by seq; the result is sorted, and holds each seq once, in its highest version. */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const bySeq = new Map<number, ChatMessage>();
  for (const message of [...current, ...incoming]) {
    const held = bySeq.get(message.seq);
    bySeq.set(message.seq, held ? newerState(held, message) : message);
  }
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

const gapEntry = (afterSeq: number): TimelineEntry => ({ kind: 'gap', key: `gap-${afterSeq}`, afterSeq });

/**
 * States of messages outside the timeline kept at most: changes to messages older than those loaded, and quoted
 * messages fetched for a reply's preview. Beyond it the oldest-remembered go; a preview then fetches again.
 */
export const DETACHED_STATES_KEPT = 1000;

/**
 * One room's stored messages with the joins and leaves between them, in the order shown; each message in the
 * newest state seen (the highest `version`: changes take seqs of the log too, so a later state always has a higher
 * one, and a repeated or late copy of an older state changes nothing).
 *
 * Messages nearly always arrive in order, newest last: those are pushed onto the entries in place, so a new
 * message costs the same with 10,000 held as with 10, and so does a change to a held message, which replaces its
 * row in place. Only a message that belongs before the newest held (an older page) rebuilds the entries, into a
 * new array.
 */
export class Timeline {
  /** Sorted by seq, each seq once. */
  private messages: ChatMessage[] = [];
  /** In arrival order, which is also afterSeq order: the newest seq never goes down. */
  private readonly notices: RoomNotice[] = [];
  private entries: TimelineEntry[] = [];
  /** Where each held message's row is in `entries`, by seq. */
  private entryIndexBySeq = new Map<number, number>();
  /** The newest state seen of messages not held (see DETACHED_STATES_KEPT), by seq, oldest-remembered first. */
  private readonly detached = new Map<number, ChatMessage>();
  private nextNoticeId = 1;
  /** Seqs of held messages after which messages are missing up to the next one held (see openWindow). */
  private readonly gaps = new Set<number>();

  view(): TimelineView {
    return { entries: this.entries, length: this.entries.length };
  }

  get newestSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  get oldestSeq(): number | undefined {
    return this.messages[0]?.seq;
  }

  /** Whether messages are missing after the held message `seq` (up to the next one held). */
  gapAfter(seq: number): boolean {
    return this.gaps.has(seq);
  }

  /**
   * Messages around one far from those held (a search result opened): added, and when messages after them are not
   * loaded (`hasMoreAfter`) while newer ones are held, a gap row marks where they are missing until `fillGap` closes
   * it. A gap already there before the window stays: messages are still missing up to the window.
   */
  openWindow(window: readonly ChatMessage[], hasMoreAfter: boolean): void {
    const oldest = window[0]?.seq;
    const newest = window.at(-1)?.seq;
    if (oldest === undefined || newest === undefined) return;
    const nextHeld = this.nextHeldAfter(newest);
    const joinsHeld = this.messages.some((message) => message.seq >= oldest && message.seq <= newest);
    if (hasMoreAfter && nextHeld !== undefined && !joinsHeld) this.gaps.add(newest);
    if (!this.addMessages(window)) this.rebuildEntries();
  }

  /**
   * A page of the messages after the gap at `afterSeq`: the gap closes once the page reaches the next held message or
   * the end of the room; otherwise it moves to the page's newest.
   */
  fillGap(afterSeq: number, page: readonly ChatMessage[], hasMore: boolean): void {
    if (!this.gaps.delete(afterSeq)) return;
    const nextHeld = this.nextHeldAfter(afterSeq);
    const pageNewest = page.at(-1)?.seq ?? afterSeq;
    if (hasMore && nextHeld !== undefined && pageNewest < nextHeld) this.gaps.add(pageNewest);
    this.addMessages(page);
    this.rebuildEntries();
  }

  /**
   * Adds what is not held yet and keeps the newer state of what is; returns whether anything changed. A message
   * seen twice in the same state (a broadcast also in a fetched page) changes nothing.
   */
  addMessages(incoming: readonly ChatMessage[]): boolean {
    let replaced = false;
    const fresh: ChatMessage[] = [];
    for (const message of incoming) {
      const index = this.indexOf(message.seq);
      if (index !== undefined) replaced = this.replaceAt(index, message) || replaced;
      else fresh.push(this.takeDetached(message));
    }
    if (fresh.length === 0) return replaced;
    if (isAscending(fresh, this.newestSeq)) {
      for (const message of fresh) {
        this.messages.push(message);
        this.entryIndexBySeq.set(message.seq, this.entries.length);
        this.entries.push(messageEntry(message));
      }
      return true;
    }
    this.messages = mergeMessages(this.messages, fresh);
    this.rebuildEntries();
    return true;
  }

  /**
   * A message's new state (a `message_updated`, a changed message in a history or the log): replaces the held
   * state when it is newer. A message not held (older than what is loaded) is remembered apart, for a reply's
   * preview and for when its page is loaded. Returns whether the timeline's rows changed.
   */
  applyState(message: ChatMessage): boolean {
    const index = this.indexOf(message.seq);
    if (index !== undefined) return this.replaceAt(index, message);
    this.rememberDetached(message);
    return false;
  }

  /** The newest state known of the message created at `seq`, held or not; undefined when none is. */
  find(seq: number): ChatMessage | undefined {
    const index = this.indexOf(seq);
    return index === undefined ? this.detached.get(seq) : this.messages[index];
  }

  /** Whether the message is among the rows (not just known apart). */
  holds(seq: number): boolean {
    return this.indexOf(seq) !== undefined;
  }

  /** The newest held message that matches, searching from the end. */
  findLast(matches: (message: ChatMessage) => boolean): ChatMessage | undefined {
    for (let index = this.messages.length - 1; index >= 0; index--) {
      if (matches(this.messages[index]!)) return this.messages[index];
    }
    return undefined;
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

  private nextHeldAfter(seq: number): number | undefined {
    const below = this.newestSeqAtOrBelow(seq);
    const index = below === undefined ? 0 : this.indexOf(below)! + 1;
    return this.messages[index]?.seq;
  }

  /** Binary search: the messages are sorted by seq. */
  private indexOf(seq: number): number | undefined {
    let low = 0;
    let high = this.messages.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = this.messages[middle]!.seq;
      if (found === seq) return middle;
      if (found < seq) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** Puts the newer state in the held message's place, its row replaced in place; false when it is not newer. */
  private replaceAt(index: number, message: ChatMessage): boolean {
    const held = this.messages[index]!;
    if (newerState(held, message) === held) return false;
    this.messages[index] = message;
    this.entries[this.entryIndexBySeq.get(message.seq)!] = messageEntry(message);
    return true;
  }

  private rememberDetached(message: ChatMessage): void {
    const known = this.detached.get(message.seq);
    if (known && newerState(known, message) === known) return;
    this.detached.delete(message.seq);
    this.detached.set(message.seq, message);
    if (this.detached.size > DETACHED_STATES_KEPT) this.detached.delete(this.detached.keys().next().value!);
  }

  /** A message joining the rows, in the newest state known of it: a change may have come before its page. */
  private takeDetached(message: ChatMessage): ChatMessage {
    const known = this.detached.get(message.seq);
    if (!known) return message;
    this.detached.delete(message.seq);
    return newerState(message, known);
  }

  /** Messages in seq order, each notice before the first message newer than the one it was pinned to. */
  private rebuildEntries(): void {
    const entries: TimelineEntry[] = [];
    const entryIndexBySeq = new Map<number, number>();
    let noticeIndex = 0;
    const pushNoticesBefore = (seq: number) => {
      while (noticeIndex < this.notices.length && this.notices[noticeIndex]!.afterSeq < seq) {
        entries.push(noticeEntry(this.notices[noticeIndex++]!));
      }
    };
    for (const message of this.messages) {
      pushNoticesBefore(message.seq);
      entryIndexBySeq.set(message.seq, entries.length);
      entries.push(messageEntry(message));
      if (this.gaps.has(message.seq)) entries.push(gapEntry(message.seq));
    }
    pushNoticesBefore(Number.POSITIVE_INFINITY);
    this.entries = entries;
    this.entryIndexBySeq = entryIndexBySeq;
  }
}
