import { describe, expect, it } from 'vitest';
import { RowLayout } from './rowLayout';

function layoutOf(heights: number[]): RowLayout {
  const layout = new RowLayout();
  heights.forEach((height) => layout.push(height));
  return layout;
}

/** The same answers computed the slow way, to check the tree against. */
function naiveOffsets(heights: number[]): number[] {
  const offsets = [0];
  for (const height of heights) offsets.push(offsets.at(-1)! + height);
  return offsets;
}

/** A fixed pseudo-random sequence, so that a failure can be replayed. */
function randomHeights(count: number, seed = 7): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return 20 + (state % 200);
  });
}

describe('RowLayout', () => {
  it('tells where each row starts and the total height', () => {
    const layout = layoutOf([10, 20, 30]);
    expect([0, 1, 2, 3].map((row) => layout.offsetOf(row))).toEqual([0, 10, 30, 60]);
    expect(layout.totalHeight).toBe(60);
    expect(layout.length).toBe(3);
  });

  it('finds the row covering an offset, clamped to the first and last row', () => {
    const layout = layoutOf([10, 20, 30]);
    expect([-5, 0, 9, 10, 29, 30, 59, 60, 1000].map((offset) => layout.rowAt(offset))).toEqual([
      0, 0, 0, 1, 1, 2, 2, 2, 2,
    ]);
  });

  it('agrees with summing the heights one by one, through pushes, changes and truncation', () => {
    const heights = randomHeights(1000);
    const layout = layoutOf(heights);
    const changes = randomHeights(50, 3);
    changes.forEach((height, index) => {
      const row = (index * 37) % heights.length;
      expect(layout.setHeight(row, height)).toBe(height - heights[row]!);
      heights[row] = height;
    });
    layout.truncate(700);
    heights.length = 700;
    randomHeights(100, 11).forEach((height) => {
      layout.push(height);
      heights.push(height);
    });

    const offsets = naiveOffsets(heights);
    expect(layout.length).toBe(800);
    expect(heights.map((_, row) => layout.offsetOf(row))).toEqual(offsets.slice(0, -1));
    expect(layout.totalHeight).toBe(offsets.at(-1));
    for (let row = 0; row < heights.length; row += 13) {
      expect(layout.rowAt(offsets[row]!)).toBe(row);
      expect(layout.rowAt(offsets[row + 1]! - 0.5)).toBe(row);
    }
  });

  it('reports no change when a row keeps its height', () => {
    const layout = layoutOf([10, 20]);
    expect(layout.setHeight(1, 20)).toBe(0);
    expect(layout.totalHeight).toBe(30);
  });
});
