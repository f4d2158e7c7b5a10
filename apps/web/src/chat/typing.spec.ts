import { describe, expect, it } from 'vitest';
import { describeTyping, TYPING_REPEAT_MS, TypingSignal } from './typing';

describe('describeTyping', () => {
  it.each([
    [[], ''],
    [['Sara'], 'Sara is typing…'],
    [['Sara', 'Bo'], 'Sara and Bo are typing…'],
    [['Sara', 'Bo', 'Cy'], 'Several people are typing…'],
    [['a', 'b', 'c', 'd', 'e'], 'Several people are typing…'],
  ])('%j → %j', (names, text) => {
    expect(describeTyping(names)).toBe(text);
  });
});

describe('TypingSignal', () => {
  function signal() {
    let now = 1_000_000;
    const typing = new TypingSignal(() => now);
    return { typing, advance: (ms: number) => (now += ms) };
  }

  it('says true on the first keystroke, then nothing until TYPING_REPEAT_MS passed, then true again', () => {
    const { typing, advance } = signal();
    expect(typing.draftChanged('h')).toBe(true);
    advance(TYPING_REPEAT_MS - 1);
    expect(typing.draftChanged('he')).toBeNull();
    advance(1);
    expect(typing.draftChanged('hel')).toBe(true);
  });

  it('says false once the draft is empty (or only spaces), once', () => {
    const { typing } = signal();
    typing.draftChanged('hi');
    expect(typing.draftChanged('  ')).toBe(false);
    expect(typing.draftChanged('')).toBeNull();
  });

  it('says nothing for an empty draft when it never said true', () => {
    expect(signal().typing.draftChanged('')).toBeNull();
  });

  it('says true at once after forget (a new socket), whenever the last true was', () => {
    const { typing } = signal();
    typing.draftChanged('h');
    typing.forget();
    expect(typing.draftChanged('he')).toBe(true);
  });
});
