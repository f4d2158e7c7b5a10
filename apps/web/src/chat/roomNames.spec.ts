import { describe, expect, it } from 'vitest';
import { roomLabel } from './roomNames';

describe('roomLabel', () => {
  it("shows a DM by the other person's name, whichever of the two looks", () => {
    expect(roomLabel({ name: 'ali, bea', kind: 'dm' }, 'ali')).toBe('bea');
    expect(roomLabel({ name: 'ali, bea', kind: 'dm' }, 'bea')).toBe('ali');
  });

  it('shows a room by its name, even one that looks like a DM name', () => {
    expect(roomLabel({ name: 'ali, bea', kind: 'room' }, 'ali')).toBe('ali, bea');
  });

  it('falls back to the whole name when the viewer is not one of the two', () => {
    expect(roomLabel({ name: 'ali, bea', kind: 'dm' }, null)).toBe('ali, bea');
  });
});
