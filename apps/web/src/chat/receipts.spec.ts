import { describe, expect, it } from 'vitest';
import { receipt } from '../testing/factories';
import { placeReceipts, withReceipt, type ReceiptMap } from './receipts';

const mapOf = (...receipts: ReturnType<typeof receipt>[]): ReceiptMap => new Map(receipts.map((r) => [r.userId, r]));

/** The newest of these seqs at or below the one asked for, as Timeline.newestSeqAtOrBelow answers. */
const held =
  (...seqs: number[]) =>
  (seq: number) =>
    seqs.filter((candidate) => candidate <= seq).at(-1);

describe('withReceipt', () => {
  it('moves a marker forward, and never back', () => {
    const start = mapOf(receipt('bea', 5));
    const moved = withReceipt(start, receipt('bea', 7));
    expect(moved.get('user-bea')?.seq).toBe(7);
    expect(withReceipt(moved, receipt('bea', 6))).toBe(moved);
    expect(start.get('user-bea')?.seq).toBe(5);
  });

  it('adds a member seen for the first time', () => {
    expect([...withReceipt(new Map(), receipt('cy', 2)).keys()]).toEqual(['user-cy']);
  });
});

describe('placeReceipts', () => {
  it("places each name under the newest message at or below the member's marker, sorted by name", () => {
    const placed = placeReceipts(mapOf(receipt('cy', 3), receipt('bea', 3), receipt('dan', 1)), null, held(1, 2, 3));
    expect([...placed]).toEqual([
      [3, ['bea', 'cy']],
      [1, ['dan']],
    ]);
  });

  it('leaves the viewer out', () => {
    const placed = placeReceipts(mapOf(receipt('ali', 3), receipt('bea', 2)), 'user-ali', held(1, 2, 3));
    expect([...placed]).toEqual([[2, ['bea']]]);
  });

  it('places a marker between messages (seqs skip numbers) under the one before it', () => {
    expect([...placeReceipts(mapOf(receipt('bea', 6)), null, held(2, 5, 9))]).toEqual([[5, ['bea']]]);
  });

  it('places a marker past the newest message under the newest', () => {
    expect([...placeReceipts(mapOf(receipt('bea', 40)), null, held(1, 2))]).toEqual([[2, ['bea']]]);
  });

  it('places no name for a marker older than every message held', () => {
    expect(placeReceipts(mapOf(receipt('bea', 3)), null, held(10, 11)).size).toBe(0);
  });

  it('never names a member under their own message', () => {
    const authors = new Map([
      [2, 'user-bea'],
      [3, 'user-cy'],
    ]);
    const placed = placeReceipts(
      mapOf(receipt('bea', 2), receipt('cy', 3), receipt('dan', 3)),
      null,
      held(1, 2, 3),
      (seq) => authors.get(seq),
    );
    expect([...placed]).toEqual([[3, ['dan']]]);
  });
});
