import type { ReceiptData } from '@parley/contracts';

/** Where each member has read up to, by user id; a marker only moves forward. */
export type ReceiptMap = ReadonlyMap<string, ReceiptData>;

/** The receipts with this one applied: a marker that would move back changes nothing. */
export function withReceipt(receipts: ReceiptMap, receipt: ReceiptData): ReceiptMap {
  const known = receipts.get(receipt.userId);
  if (known && known.seq >= receipt.seq) return receipts;
  return new Map(receipts).set(receipt.userId, receipt);
}

/**
 * "Seen by" lines: each member's name (the viewer's excepted) under the newest held message at or below their
 * marker, which is the last message they have read — never under a message of their own, which they have seen by
 * writing it. `newestAtOrBelow` finds that message's seq among those held; a marker older than every held message
 * places no name. Names under one message are in alphabetical order.
 */
export function placeReceipts(
  receipts: ReceiptMap,
  viewerId: string | null,
  newestAtOrBelow: (seq: number) => number | undefined,
  authorIdOf: (seq: number) => string | null | undefined = () => undefined,
): ReadonlyMap<number, readonly string[]> {
  const placed = new Map<number, string[]>();
  for (const receipt of receipts.values()) {
    if (receipt.userId === viewerId) continue;
    const seq = newestAtOrBelow(receipt.seq);
    if (seq === undefined || authorIdOf(seq) === receipt.userId) continue;
    const names = placed.get(seq);
    if (names) names.push(receipt.username);
    else placed.set(seq, [receipt.username]);
  }
  for (const names of placed.values()) names.sort((a, b) => a.localeCompare(b));
  return placed;
}
