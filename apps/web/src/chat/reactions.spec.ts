import { isSingleEmoji, LIMITS, type Reaction } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { COMMON_EMOJI, describeReactors, mineIn, toggleOn, withReaction } from './reactions';

const reaction = (emoji: string, users: string[], count = users.length): Reaction => ({ emoji, count, users });
const names = (count: number) => Array.from({ length: count }, (_, index) => `user${index + 1}`);

describe('COMMON_EMOJI', () => {
  it('offers eight, each a single emoji by the server rule', () => {
    expect(COMMON_EMOJI).toEqual(['👍', '❤️', '😂', '🎉', '😮', '😢', '👀', '🙏']);
    expect(COMMON_EMOJI.every(isSingleEmoji)).toBe(true);
  });
});

describe('mineIn and toggleOn', () => {
  it('knows a reaction is the viewer’s by their name among those listed, and takes it back on click', () => {
    const thumbs = reaction('👍', ['bea', 'ali']);
    expect(mineIn(thumbs, 'ali')).toBe('yes');
    expect(toggleOn(thumbs, 'ali')).toBe(false);
  });

  it('knows it is not when every name is listed and theirs is not, and adds it on click', () => {
    const thumbs = reaction('👍', ['bea']);
    expect(mineIn(thumbs, 'ali')).toBe('no');
    expect(toggleOn(thumbs, 'ali')).toBe(true);
    expect(toggleOn(undefined, 'ali')).toBe(true);
  });

  it('cannot tell past the names listed, and then asks for on, which the server applies at most once', () => {
    const crowded = reaction('🎉', names(LIMITS.reactionUsersListed), 25);
    expect(mineIn(crowded, 'ali')).toBe('unknown');
    expect(toggleOn(crowded, 'ali')).toBe(true);
    expect(mineIn(reaction('🎉', [...names(19), 'ali'], 25), 'ali')).toBe('yes');
  });

  it('tells a guest "Ali" from the user "ali" by the exact name', () => {
    expect(mineIn(reaction('👍', ['ali']), 'Ali')).toBe('no');
  });
});

describe('withReaction', () => {
  it('adds a new chip at the end, and the viewer to an existing one', () => {
    const reactions = [reaction('👍', ['bea'])];
    expect(withReaction(reactions, '🎉', true, 'ali')).toEqual([reaction('👍', ['bea']), reaction('🎉', ['ali'])]);
    expect(withReaction(reactions, '👍', true, 'ali')).toEqual([reaction('👍', ['bea', 'ali'])]);
  });

  it('takes the viewer away, and drops a chip nobody is left on', () => {
    const reactions = [reaction('👍', ['bea', 'ali']), reaction('🎉', ['ali'])];
    expect(withReaction(reactions, '👍', false, 'ali')).toEqual([reaction('👍', ['bea']), reaction('🎉', ['ali'])]);
    expect(withReaction(reactions, '🎉', false, 'ali')).toEqual([reaction('👍', ['bea', 'ali'])]);
  });

  it('changes nothing the reactions already show, or that it cannot know', () => {
    const reactions = [reaction('👍', ['ali']), reaction('🎉', names(20), 30)];
    expect(withReaction(reactions, '👍', true, 'ali')).toEqual(reactions);
    expect(withReaction(reactions, '😮', false, 'ali')).toEqual(reactions);
    expect(withReaction(reactions, '🎉', true, 'ali')).toEqual(reactions);
  });

  it('counts the viewer past the listed names without listing them', () => {
    const full = [reaction('🎉', names(20))];
    expect(withReaction(full, '🎉', true, 'ali')).toEqual([reaction('🎉', names(20), 21)]);
  });
});

describe('describeReactors', () => {
  it('lists the names, and how many more the count has', () => {
    expect(describeReactors(reaction('👍', ['ali', 'bea']))).toBe('ali, bea');
    expect(describeReactors(reaction('👍', names(20), 23))).toBe(`${names(20).join(', ')} and 3 more`);
  });
});
