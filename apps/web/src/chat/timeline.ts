import type { ChatMessage, SystemData } from '@parley/contracts';
import type { OutgoingMessage } from './outbox';

/** A join or leave, pinned after the message that was newest when it arrived, since it carries no seq. */
export interface RoomNotice extends SystemData {
  id: number;
  afterSeq: number;
}

export type TimelineItem =
  | { kind: 'message'; key: string; message: ChatMessage }
  | { kind: 'notice'; key: string; notice: RoomNotice }
  | { kind: 'outgoing'; key: string; outgoing: OutgoingMessage };

/** Both lists sorted by seq; the result is sorted, and holds each seq once (a later copy replaces an earlier one). */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  if (incoming.length === 0) return [...current];
  const last = current.at(-1);
  if (last === undefined || isAscending(incoming, last.seq)) return [...current, ...incoming];
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

export function newestSeq(messages: readonly ChatMessage[]): number {
  return messages.at(-1)?.seq ?? 0;
}

/**
 * The highest seq up to which the held messages have no hole, counting from the oldest held. Seqs have no gaps
 * on the server, so a hole means messages are still being fetched, and reconnecting with a later `since`
 * would lose them for good.
 */
export function contiguousSeq(messages: readonly ChatMessage[]): number | undefined {
  if (messages.length === 0) return undefined;
  let index = 0;
  while (index + 1 < messages.length && messages[index + 1]!.seq === messages[index]!.seq + 1) index++;
  return messages[index]!.seq;
}

/** Messages in seq order, each notice after the message it was pinned to, then what is still on its way. */
export function buildTimeline(
  messages: readonly ChatMessage[],
  notices: readonly RoomNotice[],
  outgoing: readonly OutgoingMessage[],
): TimelineItem[] {
  const sortedNotices = [...notices].sort((a, b) => a.afterSeq - b.afterSeq || a.id - b.id);
  const items: TimelineItem[] = [];
  let noticeIndex = 0;
  const pushNoticesBefore = (seq: number) => {
    while (noticeIndex < sortedNotices.length && sortedNotices[noticeIndex]!.afterSeq < seq) {
      const notice = sortedNotices[noticeIndex++]!;
      items.push({ kind: 'notice', key: `notice-${notice.id}`, notice });
    }
  };
  for (const message of messages) {
    pushNoticesBefore(message.seq);
    items.push({ kind: 'message', key: `message-${message.seq}`, message });
  }
  pushNoticesBefore(Number.POSITIVE_INFINITY);
  for (const entry of outgoing) items.push({ kind: 'outgoing', key: `outgoing-${entry.clientId}`, outgoing: entry });
  return items;
}
