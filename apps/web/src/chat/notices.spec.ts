import { describe, expect, it } from 'vitest';
import { describeNotice, describeRemoval } from './notices';

describe('describeNotice', () => {
  it.each([
    [{ kind: 'join', username: 'bea' }, 'bea joined'],
    [{ kind: 'leave', username: 'bea' }, 'bea left'],
    [{ kind: 'added', username: 'bea', by: 'ali' }, 'bea was added by ali'],
    [{ kind: 'added', username: 'bea' }, 'bea was added'],
    [{ kind: 'removed', username: 'bea', by: 'ali' }, 'bea was removed by ali'],
    [{ kind: 'removed', username: 'bea', by: 'bea' }, 'bea is no longer a member'],
  ] as const)('%j → %j', (notice, text) => {
    expect(describeNotice(notice)).toBe(text);
  });
});

describe('describeRemoval', () => {
  it('says a ban is a ban, and anything else a removal', () => {
    expect(describeRemoval('banned')).toBe('You were banned from this room.');
    expect(describeRemoval('You are banned from this room')).toBe('You were banned from this room.');
    expect(describeRemoval('You are no longer a member of this room.')).toBe('You were removed from this room.');
    expect(describeRemoval('')).toBe('You were removed from this room.');
  });
});
