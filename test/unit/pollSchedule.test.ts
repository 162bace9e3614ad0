import { describe, expect, it } from 'vitest';
import { afterPoll, budgetInterval, firstPoll, MAX_INTERVAL_MS, wakeUp } from '../../src/background/pollSchedule';

describe('background poll schedule', () => {
  it('a user key polls at most once a minute: half of 2880 a day', () => {
    expect(budgetInterval(2880, 0.5)).toBe(60_000);
    expect(afterPoll(firstPoll(0), true, 0).nextAt).toBe(60_000);
  });
  it('backs off while nothing changes, up to ten minutes, and a change or the popup resets it', () => {
    let state = firstPoll(0);
    let now = 0;
    for (let i = 0; i < 40; i++) {
      state = afterPoll(state, false, now);
      now = state.nextAt;
    }
    expect(state.nextAt - now).toBeLessThanOrEqual(MAX_INTERVAL_MS);
    expect(afterPoll(state, false, now).nextAt - now).toBe(MAX_INTERVAL_MS);
    expect(afterPoll(state, true, now).nextAt - now).toBe(60_000);
    expect(wakeUp(now).nextAt).toBe(now);
  });
  it('a poll that also fetched the list waits twice as long; a user’s slower interval wins', () => {
    expect(afterPoll(firstPoll(0), true, 0, 60_000, 2).nextAt).toBe(120_000);
    expect(afterPoll(firstPoll(0), true, 0, 5 * 60_000).nextAt).toBe(300_000);
  });
});
