import { TokenBucket } from './token-bucket.js';

function clockAt(start = 0) {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
}

describe('TokenBucket', () => {
  it('allows a burst, then refuses until tokens refill at the set rate', () => {
    const clock = clockAt();
    const bucket = new TokenBucket(3, 10, clock.now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    clock.ms += 99;
    expect(bucket.take()).toBe(false);
    clock.ms += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
  });

  it('says how long until the next token', () => {
    const clock = clockAt();
    const bucket = new TokenBucket(1, 4, clock.now);
    expect(bucket.msUntilNextToken()).toBe(0);
    bucket.take();
    expect(bucket.msUntilNextToken()).toBe(250);
    clock.ms += 100;
    expect(bucket.msUntilNextToken()).toBe(150);
  });

  it('never holds more than the burst, however long it was idle', () => {
    const clock = clockAt();
    const bucket = new TokenBucket(2, 10, clock.now);
    clock.ms += 60_000;
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });

  it.each([
    [0, 10],
    [30, 0],
  ])('is disabled with burst %i and rate %i', (burst, rate) => {
    const bucket = new TokenBucket(burst, rate, clockAt().now);
    expect(bucket.enabled).toBe(false);
    expect(Array.from({ length: 1000 }, () => bucket.take()).every(Boolean)).toBe(true);
  });
});
