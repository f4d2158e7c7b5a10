import { beforeEach, describe, expect, it } from 'vitest';
import { useDisplayName } from './useDisplayName';

beforeEach(() => localStorage.clear());

describe('useDisplayName', () => {
  it('has no name on a first visit', () => {
    expect(useDisplayName().displayName.value).toBeNull();
  });

  it('remembers a chosen name, trimmed, for the next visit', () => {
    expect(useDisplayName().setDisplayName('  Ali ')).toBe('Ali');
    expect(useDisplayName().displayName.value).toBe('Ali');
  });

  it('refuses an invalid name and keeps the previous one', () => {
    const { displayName, setDisplayName } = useDisplayName();
    setDisplayName('Ali');
    expect(setDisplayName('   ')).toBeNull();
    expect(displayName.value).toBe('Ali');
  });

  it('ignores a stored name that is no longer valid', () => {
    localStorage.setItem('parley.displayName', 'x'.repeat(40));
    expect(useDisplayName().displayName.value).toBeNull();
  });
});
