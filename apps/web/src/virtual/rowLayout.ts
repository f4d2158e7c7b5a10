const lowestBit = (index: number) => index & -index;

/**
 * The heights of a list's rows and where each row starts, for rendering only the rows near the viewport.
 *
 * A Fenwick tree over the heights: adding or dropping a row at the end, changing one row's height, finding where a
 * row starts and which row covers an offset each cost O(log n), so a list of 10,000 rows lays out a new last row
 * as cheaply as a list of 10.
 */
export class RowLayout {
  private readonly heights: number[] = [];
  /** 1-based: tree[i] holds the sum of the heights of rows (i - lowestBit(i), i]. */
  private readonly tree: number[] = [0];

  get length(): number {
    return this.heights.length;
  }

  get totalHeight(): number {
    return this.offsetOf(this.heights.length);
  }

  push(height: number): void {
    const index = this.heights.length + 1;
    let sum = height;
    for (let covered = index - 1; covered > index - lowestBit(index); covered -= lowestBit(covered)) {
      sum += this.tree[covered]!;
    }
    this.heights.push(height);
    this.tree.push(sum);
  }

  /** Keeps the first `length` rows. No node of the tree for those rows covers a later one. */
  truncate(length: number): void {
    if (length >= this.heights.length) return;
    this.heights.length = length;
    this.tree.length = length + 1;
  }

  /** Returns how much taller the row got (negative when shorter). */
  setHeight(row: number, height: number): number {
    const delta = height - this.heights[row]!;
    if (delta === 0) return 0;
    this.heights[row] = height;
    for (let index = row + 1; index < this.tree.length; index += lowestBit(index)) this.tree[index]! += delta;
    return delta;
  }

  /** Where the row starts: the height of all rows before it. `offsetOf(length)` is the total height. */
  offsetOf(row: number): number {
    let sum = 0;
    for (let index = row; index > 0; index -= lowestBit(index)) sum += this.tree[index]!;
    return sum;
  }

  /** The row that covers `offset`; the first or last row for offsets beyond either end. Needs a row. */
  rowAt(offset: number): number {
    let row = 0;
    let remaining = offset;
    for (let step = 2 ** Math.floor(Math.log2(Math.max(1, this.heights.length))); step > 0; step >>= 1) {
      const next = row + step;
      if (next <= this.heights.length && this.tree[next]! <= remaining) {
        row = next;
        remaining -= this.tree[next]!;
      }
    }
    return Math.min(row, this.heights.length - 1);
  }
}
