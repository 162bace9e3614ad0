/**
 * When to poll a forum's `/notifications/totals.json` next (pure, so its request rate and the
 * badge's latency are measured with fake time by `npm run bench:polling`). In the background one
 * call a minute at most (the popup opening or the user's return may look sooner): a user key's
 * daily budget is 2880 and background work may use half, i.e. 1440 a day.
 * While the user is at the computer the pace stays at that minute, so a new notification reaches
 * the badge within about a minute; only while they are away (idle or locked) does the interval
 * double every five quiet polls, up to ten minutes, and their return resets it.
 */
export const BASE_INTERVAL_MS = 60_000;
export const MAX_INTERVAL_MS = 10 * 60_000;
const POLLS_PER_STEP = 5;

export interface PollState {
  nextAt: number;
  /** Polls in a row that found nothing new while the user was away. */
  idleStreak: number;
}

/** A forum never polled yet is due at once: the badge follows it from the moment it connects. */
export function firstPoll(): PollState {
  return { nextAt: 0, idleStreak: 0 };
}

/**
 * `minIntervalMs` comes from the throttle: the background share of the daily budget spread over a
 * day. A poll that also fetched the list used two requests, so the next one waits twice as long.
 */
export function afterPoll(
  state: PollState,
  changed: boolean,
  now: number,
  minIntervalMs = BASE_INTERVAL_MS,
  requestsUsed = 1,
  away = false,
): PollState {
  const idleStreak = changed || !away ? 0 : state.idleStreak + 1;
  const base = Math.max(BASE_INTERVAL_MS, minIntervalMs) * Math.max(1, requestsUsed);
  const interval = Math.min(MAX_INTERVAL_MS, base * 2 ** Math.floor(idleStreak / POLLS_PER_STEP));
  return { nextAt: now + Math.max(interval, base), idleStreak };
}

/** The popup opened, the user came back or acted: look again now, at the base pace. */
export function wakeUp(now: number): PollState {
  return { nextAt: now, idleStreak: 0 };
}

/** The interval that keeps background polling within its share of a daily budget. */
export function budgetInterval(perDay: number, backgroundShare: number): number {
  if (!Number.isFinite(perDay)) return BASE_INTERVAL_MS;
  return Math.ceil(86_400_000 / Math.max(1, perDay * backgroundShare));
}
