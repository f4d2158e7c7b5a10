import { SendRatePolicy, SUSTAINED_FLOOD_MS, type SendVerdict } from './send-rate-policy.js';

function clockAt(start = 0) {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
}

const refused = (verdicts: SendVerdict[]) => verdicts.filter((verdict) => !verdict.accepted);
const flooding = (verdicts: SendVerdict[]) => verdicts.some((verdict) => !verdict.accepted && verdict.flooding);

describe('SendRatePolicy', () => {
  it('refuses the excess of a burst, says when to retry, and does not call a single burst a flood', () => {
    const clock = clockAt();
    const policy = new SendRatePolicy(30, 10, clock.now);
    const verdicts = Array.from({ length: 120 }, () => policy.take());
    expect(verdicts.filter((verdict) => verdict.accepted)).toHaveLength(30);
    expect(refused(verdicts)).toHaveLength(90);
    expect(refused(verdicts)[0]).toEqual({ accepted: false, retryAfterMs: 100, flooding: false });
    expect(flooding(verdicts)).toBe(false);
  });

  it('lets a client that paces itself by retryAfterMs drain a long backlog without being called a flooder', () => {
    const clock = clockAt();
    const policy = new SendRatePolicy(30, 10, clock.now);
    const verdicts: SendVerdict[] = [];
    let backlog = 600;
    let pace = 0;
    while (backlog > 0) {
      const verdict = policy.take();
      verdicts.push(verdict);
      if (verdict.accepted) backlog -= 1;
      else pace = Math.max(pace, verdict.retryAfterMs);
      clock.ms += pace;
    }
    expect(refused(verdicts).length).toBeLessThan(5);
    expect(flooding(verdicts)).toBe(false);
  });

  it('calls a steady flood just over the rate a flood once it lasted the sustained time', () => {
    const clock = clockAt();
    const policy = new SendRatePolicy(30, 10, clock.now);
    const verdicts: SendVerdict[] = [];
    // 11 messages a second against 10 allowed: the burst lasts 30 s, then about one refusal a second, forever.
    while (clock.ms < 30_000 + SUSTAINED_FLOOD_MS + 5_000) {
      verdicts.push(policy.take());
      clock.ms += 1000 / 11;
    }
    const firstFlooding = verdicts.findIndex((verdict) => !verdict.accepted && verdict.flooding);
    expect(firstFlooding).toBeGreaterThan(0);
    expect(refused(verdicts.slice(0, firstFlooding)).length).toBeGreaterThan(5);
  });

  it('starts counting again after the client paused its sending', () => {
    const clock = clockAt();
    const policy = new SendRatePolicy(1, 1, clock.now);
    const verdicts: SendVerdict[] = [];
    // Twice the rate for 8 s, then a 3 s pause, over and over: each streak of refusals is shorter than a flood.
    for (let round = 0; round < 10; round++) {
      for (let tick = 0; tick < 16; tick++) {
        verdicts.push(policy.take());
        clock.ms += 500;
      }
      clock.ms += 3_000;
    }
    expect(refused(verdicts).length).toBeGreaterThan(50);
    expect(flooding(verdicts)).toBe(false);
  });
});
