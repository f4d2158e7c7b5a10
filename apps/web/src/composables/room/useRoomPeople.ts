import type { ClientFrame, ReceiptData, SystemData } from '@parley/contracts';
import { computed, ref, shallowRef } from 'vue';
import type { Author } from '../../chat/authorship';
import { placeReceipts, withReceipt, type ReceiptMap } from '../../chat/receipts';
import { TypingSignal } from '../../chat/typing';

export interface RoomPeopleOptions {
  self: Author;
  /** The newest message held at or below a seq (where a receipt shows), read again whenever the timeline changes. */
  newestSeqAtOrBelow: (seq: number) => number | undefined;
  /** The user id of the held message with this seq (null for a guest's). */
  authorIdOf: (seq: number) => string | null | undefined;
  /** Read so that "seen by" follows the timeline's changes. */
  timelineChanged: () => unknown;
  transmit: (frame: ClientFrame) => boolean;
}

/**
 * The people of a room as the user sees them: who is here, who is typing (and telling the others when the user is),
 * where each member has read up to ("seen by"), and a count of joins, leaves, additions and removals for whoever
 * shows the members.
 */
export function useRoomPeople(options: RoomPeopleOptions) {
  const { self } = options;
  const presence = shallowRef<string[]>([]);
  /** Where each member has read up to, by user id (members only: a guest's history carries none). */
  const receipts = shallowRef<ReceiptMap>(new Map());
  /** Who else is typing, by name. */
  const typing = shallowRef<readonly string[]>([]);
  /** Counts the joins, leaves, additions and removals seen: whoever shows the members asks again when it moves. */
  const rosterChanges = ref(0);
  /** The others' names under the last message each has read, by that message's seq. */
  const seenBy = computed(() => {
    options.timelineChanged();
    return placeReceipts(receipts.value, self.userId, options.newestSeqAtOrBelow, options.authorIdOf);
  });
  const typingSignal = new TypingSignal();
  let greeted = false;

  return {
    presence,
    receipts,
    typing,
    rosterChanges,
    seenBy,
    /** Every marker, as the server holds them now: they may have moved while the user was away. */
    greeted(current: readonly ReceiptData[] | undefined): void {
      greeted = true;
      if (current) receipts.value = new Map(current.map((receipt) => [receipt.userId, receipt]));
    },
    present(users: string[]): void {
      presence.value = users;
    },
    /** A join, leave, addition or removal; false when it is about the user themself (nothing to show). */
    noticed(notice: SystemData): boolean {
      rosterChanges.value++;
      return notice.username !== self.username;
    },
    receiptMoved(receipt: ReceiptData): void {
      receipts.value = withReceipt(receipts.value, receipt);
    },
    typingChanged(users: readonly string[]): void {
      typing.value = users.filter((name) => name !== self.username);
    },
    /** The composer's text changed: the room hears that the user is typing, or that they stopped. */
    draftChanged(draft: string): void {
      if (!greeted) return;
      const signal = typingSignal.draftChanged(draft);
      if (signal === null) return;
      if (!options.transmit({ event: 'typing', data: { typing: signal } })) typingSignal.forget();
    },
    /** The server forgets whoever typed on a closed socket, the user too; it says nothing of it to us. */
    disconnected(): void {
      greeted = false;
      typingSignal.forget();
      typing.value = [];
    },
  };
}
