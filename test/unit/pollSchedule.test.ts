import { describe, expect, it } from 'vitest';
import { afterPoll, budgetInterval, firstPoll, MAX_INTERVAL_MS, wakeUp } from '../../src/background/pollSchedule';

describe('background poll schedule', () => {
  it('a forum never polled is due at once (the badge follows it from the moment it connects)', () => {
    expect(firstPoll().nextAt).toBeLessThanOrEqual(Date.now());
  });
  it('a user key polls at most once a minute: half of 2880 a day', () => {
    expect(budgetInterval(2880, 0.5)).toBe(60_000);
    expect(afterPoll(firstPoll(), true, 0).nextAt).toBe(60_000);
  });
  it('while the user is at the computer the pace stays at one minute, however quiet the forum', () => {
    let state = firstPoll();
    let now = 0;
    for (let i = 0; i < 40; i++) {
      state = afterPoll(state, false, now, 60_000, 1, false);
      expect(state.nextAt - now).toBe(60_000);
      now = state.nextAt;
    }
  });
  it('only while the user is away does it back off, up to ten minutes; a change or their return resets it', () => {
    let state = firstPoll();
    let now = 0;
    for (let i = 0; i < 40; i++) {
      state = afterPoll(state, false, now, 60_000, 1, true);
      now = state.nextAt;
    }
    expect(afterPoll(state, false, now, 60_000, 1, true).nextAt - now).toBe(MAX_INTERVAL_MS);
    expect(afterPoll(state, true, now, 60_000, 1, true).nextAt - now).toBe(60_000);
    expect(afterPoll(state, false, now, 60_000, 1, false).nextAt - now).toBe(60_000);
    expect(wakeUp(now).nextAt).toBe(now);
  });
  it('a poll that also fetched the list waits twice as long; a user’s slower interval wins', () => {
    expect(afterPoll(firstPoll(), true, 0, 60_000, 2).nextAt).toBe(120_000);
    expect(afterPoll(firstPoll(), true, 0, 5 * 60_000).nextAt).toBe(300_000);
  });
});
