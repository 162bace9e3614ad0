import { type DiscourseError, rateLimited, said } from './errors';
import { countRequest, dayOpensAt, dayTotals, hourlyCounts, type DayBuckets, type DaySpan } from './dayCounts';
import type { Lane, ThrottleLimits, WriteAction } from './limits';

/**
 * One forum key's request budget: the sliding windows, the day's counts, the pause and the limits
 * learned from 429s, and the rule for when a request may go. Pure bookkeeping: no clock, timers,
 * storage or queue (the throttle, throttle.ts, owns those); every method is told `now`.
 *
 * - Strict sliding windows: per key 20/min and 2880/day (admin keys 60/min), plus a guard for the
 *   per-IP 50/10 s and 200/min that user-key traffic also counts against.
 * - Two lanes: background is paced to one slot at a time, leaves the minute window's last slot
 *   free and may use only a share of the daily budget, so a click always has headroom.
 * - A limit hit before our own count says so is learned, and forgotten a day later.
 * - Requests run in parallel only up to the window count already proven safe on this forum; past
 *   it they go one at a time, so an unknown lower limit costs at most one 429.
 * - Writes go at least `writeSpacingMs` apart, and writes that a Discourse per-action limiter
 *   counts (a post, a topic) at least that limiter's spacing apart (`actionSpacingMs`).
 */

export interface Learned {
  perMinute?: number;
  perDay?: number;
  ipPer10Seconds?: number;
  ipPerMinute?: number;
  /** The highest minute-window count at which a request has succeeded: parallel sends are safe below it. */
  provenMinute?: number;
  /** When a limit was last learned; learned limits are forgotten a day later (the admin may raise them again). */
  at?: number;
}

/** What the budget needs to know of a request. */
export interface RequestTraits {
  lane: Lane;
  write: boolean;
  /** The per-action limiters this write counts in. */
  actions: readonly WriteAction[];
}

/** Kept for the browser session (storage.session). */
export interface SessionState {
  /** Send times within the last minute (10 s and 60 s windows). */
  recent: number[];
  pausedUntil: number;
  lastWriteAt: number;
  lastBackgroundAt: number;
  /** When each per-action limiter last counted one of ours (the answer's time: the server counted it before). */
  lastActionAt: Partial<Record<WriteAction, number>>;
  backoff: number;
}

/** Kept for good (storage.local). */
export interface LocalState {
  /** The day's requests per one-minute (scaled) bucket. */
  day: DayBuckets;
  learned: Learned;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const ACTION_SLACK_MS = 250;
/**
 * A click waits out a pause the per-minute limiters can cause (≤ 60 s); a longer one (the day's
 * limit, a long Retry-After) is told at once with until when, instead of a spinner for minutes.
 */
const CLICK_MAX_WAIT_MS = 65_000;

export class Budget {
  session: SessionState = {
    recent: [],
    pausedUntil: 0,
    lastWriteAt: -Infinity,
    lastBackgroundAt: -Infinity,
    lastActionAt: {},
    backoff: 0,
  };
  local: LocalState = { day: {}, learned: {} };

  /** `scale` shrinks every window, matching a sandbox forum's time scale; 1 in production. */
  constructor(
    public limits: ThrottleLimits,
    private readonly scale: number,
  ) {}

  /** Takes over what a previous worker stored (either part may be missing). */
  restore(session: Partial<SessionState> | undefined, local: Partial<LocalState> | undefined): void {
    if (session) this.session = { ...this.session, ...session };
    if (local) this.local = { ...this.local, ...local };
  }

  window(ms: number): number {
    return ms * this.scale;
  }

  /** The configured limits, lowered by what was learned (until it is a day old). */
  effective(now: number): ThrottleLimits {
    const learned = this.local.learned;
    if (learned.at !== undefined && learned.at < now - this.window(DAY)) {
      this.local.learned = { provenMinute: learned.provenMinute };
      return this.effective(now);
    }
    return {
      ...this.limits,
      perMinute: Math.min(this.limits.perMinute, learned.perMinute ?? Infinity),
      perDay: Math.min(this.limits.perDay, learned.perDay ?? Infinity),
      ipPer10Seconds: Math.min(this.limits.ipPer10Seconds, learned.ipPer10Seconds ?? Infinity),
      ipPerMinute: Math.min(this.limits.ipPerMinute, learned.ipPerMinute ?? Infinity),
    };
  }

  /** Requests sent in the last minute (scaled). */
  usedThisMinute(now: number): number {
    return this.countSince(now - this.window(MINUTE));
  }

  dayCounts(now: number): { total: number; background: number } {
    return dayTotals(this.local.day, this.daySpan(), now);
  }

  /** Requests in each of the last 24 hours (oldest first). */
  hourly(now: number): number[] {
    return hourlyCounts(this.local.day, this.daySpan(), now, this.window(3_600_000));
  }

  /**
   * When a request may be sent: a time, Infinity to wait for one in flight (past the proven-safe
   * count), or a budget error for a request that must not wait.
   */
  earliest(request: RequestTraits, now: number, inFlight: number): number | DiscourseError {
    const limits = this.effective(now);
    // A forum-wide pause or a spent day: a click waits out a short one, and is told of a long one.
    const dayOpens = dayOpensAt(this.local.day, this.daySpan(), now, limits.perDay, false);
    const blocked = Math.max(this.session.pausedUntil, dayOpens);
    if (request.lane === 'interactive' && blocked - now > this.window(CLICK_MAX_WAIT_MS)) {
      return rateLimited(
        blocked,
        dayOpens >= blocked ? 'budget' : 'global',
        dayOpens >= blocked ? said('errorDayBudgetUsed') : undefined,
      );
    }
    let at = Math.max(now, blocked);
    at = Math.max(at, this.windowOpensAt(now, this.window(MINUTE), limits.perMinute));
    at = Math.max(at, this.windowOpensAt(now, this.window(10_000), limits.ipPer10Seconds));
    at = Math.max(at, this.windowOpensAt(now, this.window(MINUTE), limits.ipPerMinute));
    if (request.write) at = Math.max(at, this.session.lastWriteAt + limits.writeSpacingMs);
    for (const action of request.actions) {
      const spacing = limits.actionSpacingMs[action];
      const last = this.session.lastActionAt[action];
      // A little slack: the server's clock started its window when the request arrived.
      if (spacing && last !== undefined) at = Math.max(at, last + spacing * this.scale + ACTION_SLACK_MS * this.scale);
    }
    if (request.lane === 'background') {
      const share = Math.floor(limits.perDay * limits.backgroundShare);
      const shareOpens = dayOpensAt(this.local.day, this.daySpan(), now, share, true);
      if (shareOpens > now) return rateLimited(shareOpens, 'budget', said('errorBackgroundBudgetUsed'));
      // Paced one slot apart, and never taking the window's last slot: a click finds it free.
      at = Math.max(at, this.session.lastBackgroundAt + this.window(MINUTE) / limits.perMinute);
      if (limits.perMinute > 1) at = Math.max(at, this.windowOpensAt(now, this.window(MINUTE), limits.perMinute - 1));
    }
    // Past the proven-safe count, one request at a time: an unknown lower limit costs one 429.
    const proven = this.local.learned.provenMinute ?? 0;
    if (inFlight > 0 && this.usedThisMinute(now) + 1 > proven) return Infinity;
    return at;
  }

  /** Counts a request sent at `now` in every window and in the day. */
  record(request: RequestTraits, now: number): void {
    this.session.recent = [...this.session.recent.filter((t) => t > now - this.window(MINUTE)), now];
    if (request.write) this.session.lastWriteAt = now;
    if (request.lane === 'background') this.session.lastBackgroundAt = now;
    for (const action of request.actions) this.session.lastActionAt = { ...this.session.lastActionAt, [action]: now };
    countRequest(this.local.day, this.daySpan(), now, request.lane === 'background');
  }

  /**
   * The server counted the request when it arrived, somewhere before `answeredAt`: keep it in our
   * window until then + window, or a request sent exactly at our window's edge lands inside the server's.
   */
  answered(sentAt: number, answeredAt: number): void {
    const index = this.session.recent.lastIndexOf(sentAt);
    if (index !== -1) {
      this.session.recent[index] = Math.max(sentAt, answeredAt);
      this.session.recent.sort((a, b) => a - b);
    }
  }

  /**
   * A request got through: its per-action limiters count from its answer, and the window count it
   * was sent at is proven safe. Says whether anything worth storing changed.
   */
  succeeded(request: RequestTraits, countAtSend: number, sentAt: number, answeredAt: number): boolean {
    let changed = false;
    for (const action of request.actions)
      this.session.lastActionAt = { ...this.session.lastActionAt, [action]: Math.max(sentAt, answeredAt) };
    if (request.actions.length) changed = true;
    const learned = this.local.learned;
    if (countAtSend > (learned.provenMinute ?? 0)) {
      learned.provenMinute = countAtSend;
      changed = true;
    }
    if (this.session.backoff) this.session.backoff = 0;
    return changed;
  }

  /** A global 429: nothing goes to this forum before `until`. */
  pause(until: number): void {
    this.session.pausedUntil = Math.max(this.session.pausedUntil, until);
  }

  /** How long to pause for a 429 that names no wait: a guess that doubles each time (5 s … 2 min). */
  fallbackWait(): number {
    const wait = Math.min(2 ** this.session.backoff * 5_000, 120_000) * this.scale;
    this.session.backoff++;
    return wait;
  }

  /**
   * The server said stop before our count did: adopt the count that got through as the limit.
   * Only a 429 naming its limiter teaches anything; a bare one (MessageBus, an overloaded queue)
   * just pauses.
   */
  learn(code: string | null, now: number): void {
    if (!code) return;
    const learned = this.local.learned;
    const limits = this.effective(now);
    // The rejected request is already in the window: what got through is one less.
    const minute = Math.max(1, this.countSince(now - this.window(MINUTE)) - 1);
    const tenSeconds = Math.max(1, this.countSince(now - this.window(10_000)) - 1);
    if (code === 'user_api_key_limiter_1_day') {
      const day = Math.max(1, this.dayCounts(now).total - 1);
      if (day < limits.perDay) learned.perDay = day;
    } else if (code === 'ip_10_secs_limit' || code === 'id_10_secs_limit') {
      if (tenSeconds < limits.ipPer10Seconds) learned.ipPer10Seconds = tenSeconds;
    } else if (code === 'ip_60_secs_limit' || code === 'id_60_secs_limit') {
      if (minute < limits.ipPerMinute) learned.ipPerMinute = minute;
    } else if (minute < limits.perMinute) {
      learned.perMinute = minute;
    }
    if (learned.provenMinute !== undefined) learned.provenMinute = Math.min(learned.provenMinute, minute);
    learned.at = now;
  }

  // --- the windows

  private countSince(since: number): number {
    return this.session.recent.filter((t) => t > since).length;
  }

  /** Earliest time a send keeps `max` per `windowMs` over the exact recent send times. */
  private windowOpensAt(now: number, windowMs: number, max: number): number {
    if (!Number.isFinite(max)) return now;
    const inWindow = this.session.recent.filter((t) => t > now - windowMs);
    if (inWindow.length < max) return now;
    return inWindow[inWindow.length - max]! + windowMs;
  }

  private daySpan(): DaySpan {
    return { bucketMs: this.window(MINUTE), dayMs: this.window(DAY) };
  }
}
