import { describe, expect, it } from 'vitest';
import { measureContent } from './composer';

describe('measureContent', () => {
  it('stays hidden for ordinary messages', () => {
    expect(measureContent('x'.repeat(1799)).visible).toBe(false);
  });

  it('shows the count near the limit', () => {
    expect(measureContent('x'.repeat(1950), 'en-US')).toEqual({
      length: 1950,
      visible: true,
      overLimit: false,
      label: '1,950 / 2,000',
    });
  });

  it('flags content over the limit', () => {
    expect(measureContent('x'.repeat(2001)).overLimit).toBe(true);
  });

  it('counts an emoji as one character', () => {
    expect(measureContent('🦊'.repeat(2000)).overLimit).toBe(false);
  });
});
