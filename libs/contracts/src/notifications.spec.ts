import { describe, expect, it } from 'vitest';
import { defaultNotificationLevel, notifies, plainExcerpt } from './notifications.js';

const ali = { userId: 'u-ali', username: 'ali' };
const fromBea = (content: string) => ({ userId: 'u-bea', content });

describe('notifies', () => {
  it('never for one’s own message, never at none', () => {
    expect(notifies('all', { kind: 'room' }, { userId: 'u-ali', content: '@ali' }, ali)).toBe(false);
    expect(notifies('none', { kind: 'dm' }, fromBea('@ali'), ali)).toBe(false);
  });

  it('every message from someone else at all, guests’ too', () => {
    expect(notifies('all', { kind: 'room' }, fromBea('hello'), ali)).toBe(true);
    expect(notifies('all', { kind: 'room' }, { userId: null, content: 'hi' }, ali)).toBe(true);
  });

  it('at mentions, a mention as a word, any case; in a DM every message', () => {
    expect(notifies('mentions', { kind: 'room' }, fromBea('ping @ALI now'), ali)).toBe(true);
    expect(notifies('mentions', { kind: 'room' }, fromBea('ping @alien'), ali)).toBe(false);
    expect(notifies('mentions', { kind: 'room' }, fromBea('mail ali@example.com'), ali)).toBe(false);
    expect(notifies('mentions', { kind: 'dm' }, fromBea('no mention'), ali)).toBe(true);
  });
});

describe('levels', () => {
  it('default to all in a DM and mentions elsewhere', () => {
    expect([defaultNotificationLevel('dm'), defaultNotificationLevel('room')]).toEqual(['all', 'mentions']);
  });
});

describe('plainExcerpt', () => {
  it('takes the Markdown away', () => {
    expect(plainExcerpt('**Deploy** is _done_, see [the log](https://x.test/log) and `make`')).toBe(
      'Deploy is done, see the log and make',
    );
    expect(plainExcerpt('> quoted\n- one\n- two\n1. first')).toBe('quoted one two first');
  });

  it('keeps at most 140 code points', () => {
    const body = plainExcerpt('😀'.repeat(200));
    expect([...body]).toHaveLength(140);
  });
});
