import { describe, expect, it } from 'vitest';
import { describeNotice } from './notices';

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
