// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { Budget } from '../../../src/discourse/budget';
import { isDiscourseError } from '../../../src/discourse/errors';
import { defaultLimits } from '../../../src/discourse/limits';

const click = { lane: 'interactive', write: false, actions: [] } as const;
const poll = { lane: 'background', write: false, actions: [] } as const;

// The budget is told the time: no clock, no timers, so its rules are checked directly.
describe('Budget, without a clock', () => {
  it('lets the 21st request of a minute go exactly when the first leaves the window', () => {
    const budget = new Budget(defaultLimits('user'), 1);
    for (let i = 0; i < 20; i++) {
      expect(budget.earliest(click, 1_000 + i, 0)).toBe(1_000 + i);
      budget.record(click, 1_000 + i);
      budget.succeeded(click, i + 1, 1_000 + i, 1_000 + i);
    }
    expect(budget.earliest(click, 2_000, 0)).toBe(1_000 + 60_000);
    expect(budget.dayCounts(2_000)).toEqual({ total: 20, background: 0 });
  });

  it('refuses background work past its share of the day at once, with until when', () => {
    const budget = new Budget(defaultLimits('user', { perDay: 4, backgroundShare: 0.5 }), 1);
    budget.record(poll, 0);
    budget.record(poll, 120_000);
    const refused = budget.earliest(poll, 240_000, 0);
    expect(isDiscourseError(refused, 'RateLimited') && refused.details).toMatchObject({
      scope: 'budget',
      until: 60_000 + 86_400_000,
    });
    expect(budget.earliest(click, 240_000, 0)).toBe(240_000);
  });

  it('learns the count that got through from a limiter-named 429, and forgets it a day later', () => {
    const budget = new Budget(defaultLimits('user'), 1);
    for (let i = 0; i < 13; i++) budget.record(click, i);
    budget.learn('user_api_key_limiter_60_secs', 20);
    expect(budget.effective(20).perMinute).toBe(12);
    expect(budget.effective(20 + 86_400_001).perMinute).toBe(20);
  });
});
