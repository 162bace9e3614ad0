import { DiscourseError, rateLimited, said } from './errors';
import type { Clock, StoragePort } from './ports';
import { readRateLimitReply } from './rateLimitReply';

/**
 * One throttle per forum key: every request to that forum waits here until Discourse's limits
 * (FACTS.md §2) allow it, so the user's budget is never wasted on 429s.
 *
 * - Strict sliding windows: per key 20/min and 2880/day (admin keys 60/min), plus a guard for the
 *   per-IP 50/10 s and 200/min that user-key traffic also counts against.
 * - Two lanes: interactive first; background is paced to one slot at a time, leaves the minute
 *   window's last slot free and may use only a share of the daily budget, so a click always has
 *   headroom.
 * - A global 429 pauses the whole forum until Retry-After (else `extras.wait_seconds`, else a
 *   backed-off guess) and re-sends the rejected request (it was not run), at most 3 times. A
 *   per-action 429 fails only that call. A limit hit before our own count says so is learned.
 * - Requests run in parallel only up to the window count already proven safe on this forum; past
 *   it they go one at a time, so an unknown lower limit costs at most one 429.
 * - Writes go at least `writeSpacingMs` apart, and writes that a Discourse per-action limiter
 *   counts (a post, a topic) at least that limiter's spacing apart (`actionSpacingMs`).
 * - Window state, pause and learned limits live behind the storage port and survive a killed worker.
 */

export type Lane = 'interactive' | 'background';

export interface ThrottleLimits {
  perMinute: number;
  perDay: number;
  ipPer10Seconds: number;
  ipPerMinute: number;
  /** Share of `perDay` the background lane may use. */
  backgroundShare: number;
  writeSpacingMs: number;
  /**
   * Discourse's per-action limiters, as "one per N ms": `post` (rate_limit_create_post, 5 s;
   * rate_limit_new_user_create_post, 30 s at trust level 0) and `topic` (rate_limit_create_topic,
   * 15 s). Staff are exempt: empty.
   */
  actionSpacingMs: Partial<Record<WriteAction, number>>;
}

export type WriteAction = 'post' | 'topic';

/** Discourse's default per-action spacing for an account (staff are exempt). */
export function actionSpacingFor(account: { trustLevel?: number | undefined; staff?: boolean | undefined }): Partial<Record<WriteAction, number>> {
  if (account.staff) return {};
  return { post: account.trustLevel === 0 ? 30_000 : 5_000, topic: 15_000 };
}

export type KeyKind = 'user' | 'admin';

export function defaultLimits(kind: KeyKind, overrides: Partial<ThrottleLimits> = {}): ThrottleLimits {
  const base: ThrottleLimits =
    kind === 'user'
      ? { perMinute: 20, perDay: 2880, ipPer10Seconds: 50, ipPerMinute: 200, backgroundShare: 0.5, writeSpacingMs: 1000, actionSpacingMs: actionSpacingFor({}) }
      : // Admin-key requests are rolled back from the per-IP limiters and have no daily cap (FACTS.md §2.1).
        { perMinute: 60, perDay: Number.POSITIVE_INFINITY, ipPer10Seconds: Number.POSITIVE_INFINITY, ipPerMinute: Number.POSITIVE_INFINITY, backgroundShare: 0.5, writeSpacingMs: 1000, actionSpacingMs: {} };
  return { ...base, ...overrides };
}

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

export interface BudgetSnapshot {
  usedThisMinute: number;
  usedToday: number;
  backgroundToday: number;
  limits: { perMinute: number; perDay: number; backgroundPerDay: number };
  learned: Learned;
  pausedUntil: number | null;
  queued: { interactive: number; background: number };
  inFlight: number;
}

interface Job {
  lane: Lane;
  write: boolean;
  /** A MessageBus long poll: counted in the windows, but not as a request others must wait for. */
  longPoll: boolean;
  /** The per-action limiters this write counts in. */
  actions: WriteAction[];
  send: () => Promise<Response>;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
  globalRetries: number;
}

interface SessionState {
  /** Send times within the last minute (10 s and 60 s windows). */
  recent: number[];
  pausedUntil: number;
  lastWriteAt: number;
  lastBackgroundAt: number;
  /** When each per-action limiter last counted one of ours (the answer's time: the server counted it before). */
  lastActionAt: Partial<Record<WriteAction, number>>;
  backoff: number;
}

interface LocalState {
  /** bucket start → [total, background]; a bucket is one minute (scaled). */
  day: Record<string, [number, number]>;
  learned: Learned;
}

const MINUTE = 60_000;
const ACTION_SLACK_MS = 250;
/**
 * A click waits out a pause the per-minute limiters can cause (≤ 60 s); a longer one (the day's
 * limit, a long Retry-After) is told at once with until when, instead of a spinner for minutes.
 */
const CLICK_MAX_WAIT_MS = 65_000;
const DAY = 86_400_000;

export interface ThrottleOptions {
  /** Identifies the forum key in storage. */
  id: string;
  limits: ThrottleLimits;
  clock: Clock;
  storage: StoragePort;
  /** Shrinks every window, matching a sandbox forum's time scale; 1 in production. */
  windowScale?: number;
  maxGlobalRetries?: number;
}

/** Where a forum key's throttle keeps its state: windows and pause per browser session, day counts and learned limits for good. */
export function throttleStorageKeys(id: string): { session: string; local: string } {
  return { session: `throttle:${id}:session`, local: `throttle:${id}:local` };
}

export class Throttle {
  private limits: ThrottleLimits;
  private readonly clock: Clock;
  private readonly storage: StoragePort;
  private readonly scale: number;
  private readonly maxGlobalRetries: number;
  private readonly keys: { session: string; local: string };
  private session: SessionState = { recent: [], pausedUntil: 0, lastWriteAt: -Infinity, lastBackgroundAt: -Infinity, lastActionAt: {}, backoff: 0 };
  private local: LocalState = { day: {}, learned: {} };
  private readonly queue: Job[] = [];
  private inFlight = 0;
  private cancelTimer: (() => void) | null = null;
  private persistScheduled = false;
  readonly ready: Promise<void>;

  constructor(options: ThrottleOptions) {
    this.limits = options.limits;
    this.clock = options.clock;
    this.storage = options.storage;
    this.scale = options.windowScale ?? 1;
    this.maxGlobalRetries = options.maxGlobalRetries ?? 3;
    this.keys = throttleStorageKeys(options.id);
    this.ready = this.load();
  }

  private async load(): Promise<void> {
    const [session, local] = await Promise.all([this.storage.session.get(this.keys.session), this.storage.local.get(this.keys.local)]);
    if (session && typeof session === 'object') this.session = { ...this.session, ...(session as Partial<SessionState>) };
    if (local && typeof local === 'object') this.local = { ...this.local, ...(local as Partial<LocalState>) };
  }

  setLimits(limits: ThrottleLimits): void {
    this.limits = limits;
    this.pump();
  }

  /** Runs `send` when the limits allow it; resolves with its response (never a global 429). */
  async run(lane: Lane, write: boolean, send: () => Promise<Response>, longPoll = false, actions: WriteAction[] = []): Promise<Response> {
    await this.ready;
    return new Promise<Response>((resolve, reject) => {
      this.queue.push({ lane, write, longPoll, actions, send, resolve, reject, globalRetries: 0 });
      this.pump();
    });
  }

  /**
   * Runs a call that reads its own response (a handshake step, a key mint) within this forum's
   * limits. Its 429s are the caller's to read: they do not pause the queue.
   */
  async task<T>(lane: Lane, write: boolean, call: () => Promise<T>): Promise<T> {
    let result: T | undefined;
    await this.run(lane, write, async () => {
      result = await call();
      return new Response(null, { status: 204 });
    });
    return result as T;
  }

  snapshot(): BudgetSnapshot {
    const now = this.clock.now();
    const { total, background } = this.dayCounts(now);
    const limits = this.effective();
    return {
      usedThisMinute: this.countSince(now - this.window(MINUTE)),
      usedToday: total,
      backgroundToday: background,
      limits: { perMinute: limits.perMinute, perDay: limits.perDay, backgroundPerDay: Math.floor(limits.perDay * limits.backgroundShare) },
      learned: { ...this.local.learned },
      pausedUntil: this.session.pausedUntil > now ? this.session.pausedUntil : null,
      queued: { interactive: this.queue.filter((j) => j.lane === 'interactive').length, background: this.queue.filter((j) => j.lane === 'background').length },
      inFlight: this.inFlight,
    };
  }

  /** Requests in each of the last 24 hours (oldest first), for the options page's chart. */
  hourly(): number[] {
    const now = this.clock.now();
    const hour = this.window(3_600_000);
    const bins = Array.from({ length: 24 }, () => 0);
    for (const [start, total] of this.liveBuckets(now)) {
      const index = 23 - Math.floor((now - start) / hour);
      if (index >= 0 && index < 24) bins[index]! += total;
    }
    return bins;
  }

  // --- scheduling

  private window(ms: number): number {
    return ms * this.scale;
  }

  private effective(): ThrottleLimits {
    const learned = this.local.learned;
    if (learned.at !== undefined && learned.at < this.clock.now() - this.window(DAY)) {
      this.local.learned = { provenMinute: learned.provenMinute };
      return this.effective();
    }
    return {
      ...this.limits,
      perMinute: Math.min(this.limits.perMinute, learned.perMinute ?? Infinity),
      perDay: Math.min(this.limits.perDay, learned.perDay ?? Infinity),
      ipPer10Seconds: Math.min(this.limits.ipPer10Seconds, learned.ipPer10Seconds ?? Infinity),
      ipPerMinute: Math.min(this.limits.ipPerMinute, learned.ipPerMinute ?? Infinity),
    };
  }

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

  private bucketMs(): number {
    return this.window(MINUTE);
  }

  private liveBuckets(now: number): [number, number, number][] {
    const size = this.bucketMs();
    const since = now - this.window(DAY);
    return Object.entries(this.local.day)
      .map(([start, [total, background]]) => [Number(start), total, background] as [number, number, number])
      .filter(([start]) => start + size > since)
      .sort((a, b) => a[0] - b[0]);
  }

  private dayCounts(now: number): { total: number; background: number } {
    let total = 0;
    let background = 0;
    for (const [, t, b] of this.liveBuckets(now)) {
      total += t;
      background += b;
    }
    return { total, background };
  }

  /** Earliest time the daily count (or the background share of it) has room again; buckets expire whole. */
  private dayOpensAt(now: number, max: number, backgroundOnly: boolean): number {
    if (!Number.isFinite(max)) return now;
    const buckets = this.liveBuckets(now);
    let count = buckets.reduce((sum, [, t, b]) => sum + (backgroundOnly ? b : t), 0);
    if (count < max) return now;
    for (const [start, t, b] of buckets) {
      count -= backgroundOnly ? b : t;
      if (count < max) return start + this.bucketMs() + this.window(DAY);
    }
    return now;
  }

  /** When `job` may be sent, or a budget error for background work that must not wait. */
  private earliest(job: Job, now: number): number | DiscourseError {
    const limits = this.effective();
    // A forum-wide pause or a spent day: a click waits out a short one, and is told of a long one.
    const dayOpens = this.dayOpensAt(now, limits.perDay, false);
    const blocked = Math.max(this.session.pausedUntil, dayOpens);
    if (job.lane === 'interactive' && blocked - now > this.window(CLICK_MAX_WAIT_MS)) {
      return rateLimited(blocked, dayOpens >= blocked ? 'budget' : 'global', dayOpens >= blocked ? said('errorDayBudgetUsed') : undefined);
    }
    let at = Math.max(now, blocked);
    at = Math.max(at, this.windowOpensAt(now, this.window(MINUTE), limits.perMinute));
    at = Math.max(at, this.windowOpensAt(now, this.window(10_000), limits.ipPer10Seconds));
    at = Math.max(at, this.windowOpensAt(now, this.window(MINUTE), limits.ipPerMinute));
    if (job.write) at = Math.max(at, this.session.lastWriteAt + limits.writeSpacingMs);
    for (const action of job.actions) {
      const spacing = limits.actionSpacingMs[action];
      const last = this.session.lastActionAt[action];
      // A little slack: the server's clock started its window when the request arrived.
      if (spacing && last !== undefined) at = Math.max(at, last + spacing * this.scale + ACTION_SLACK_MS * this.scale);
    }
    if (job.lane === 'background') {
      const share = Math.floor(limits.perDay * limits.backgroundShare);
      const shareOpens = this.dayOpensAt(now, share, true);
      if (shareOpens > now) return rateLimited(shareOpens, 'budget', said('errorBackgroundBudgetUsed'));
      // Paced one slot apart, and never taking the window's last slot: a click finds it free.
      at = Math.max(at, this.session.lastBackgroundAt + this.window(MINUTE) / limits.perMinute);
      if (limits.perMinute > 1) at = Math.max(at, this.windowOpensAt(now, this.window(MINUTE), limits.perMinute - 1));
    }
    // Past the proven-safe count, one request at a time: an unknown lower limit costs one 429.
    const proven = this.local.learned.provenMinute ?? 0;
    if (this.inFlight > 0 && this.countSince(now - this.window(MINUTE)) + 1 > proven) return Infinity;
    return at;
  }

  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (;;) {
      if (!this.queue.length) return;
      const now = this.clock.now();
      let best: { job: Job; at: number } | null = null;
      for (const job of [...this.queue.filter((j) => j.lane === 'interactive'), ...this.queue.filter((j) => j.lane === 'background')]) {
        const at = this.earliest(job, now);
        if (at instanceof DiscourseError) {
          this.queue.splice(this.queue.indexOf(job), 1);
          job.reject(at);
          continue;
        }
        if (!best || at < best.at) best = { job, at };
      }
      if (!best) return;
      if (best.at === Infinity) return; // waiting for an in-flight request to finish
      if (best.at > now) {
        this.cancelTimer = this.clock.setTimeout(() => this.pump(), best.at - now);
        return;
      }
      this.queue.splice(this.queue.indexOf(best.job), 1);
      this.dispatch(best.job, now);
    }
  }

  private record(job: Job, now: number): void {
    this.session.recent = [...this.session.recent.filter((t) => t > now - this.window(MINUTE)), now];
    if (job.write) this.session.lastWriteAt = now;
    if (job.lane === 'background') this.session.lastBackgroundAt = now;
    for (const action of job.actions) this.session.lastActionAt = { ...this.session.lastActionAt, [action]: now };
    const size = this.bucketMs();
    const bucket = String(Math.floor(now / size) * size);
    const [total, background] = this.local.day[bucket] ?? [0, 0];
    this.local.day[bucket] = [total + 1, background + (job.lane === 'background' ? 1 : 0)];
    for (const [start] of Object.entries(this.local.day)) if (Number(start) + size <= now - this.window(DAY)) delete this.local.day[start];
    this.persist();
  }

  private dispatch(job: Job, now: number): void {
    const windowCount = this.countSince(now - this.window(MINUTE));
    this.record(job, now);
    if (!job.longPoll) this.inFlight++;
    let settled: Promise<void>;
    try {
      settled = job.send().then(
        (response) => this.settle(job, response, windowCount + 1, now),
        (error: unknown) => job.reject(error),
      );
    } catch (error) {
      settled = Promise.resolve(job.reject(error));
    }
    void settled.finally(() => {
      if (!job.longPoll) this.inFlight--;
      this.pump();
    });
  }

  private async settle(job: Job, response: Response, countAtSend: number, sentAt: number): Promise<void> {
    // The server counted the request when it arrived, somewhere before now: keep it in our window
    // until now + window, or a request sent exactly at our window's edge lands inside the server's.
    const index = this.session.recent.lastIndexOf(sentAt);
    if (index !== -1) {
      this.session.recent[index] = Math.max(sentAt, this.clock.now());
      this.session.recent.sort((a, b) => a - b);
    }
    if (response.status !== 429) {
      for (const action of job.actions) this.session.lastActionAt = { ...this.session.lastActionAt, [action]: Math.max(sentAt, this.clock.now()) };
      if (job.actions.length) this.persist();
      const learned = this.local.learned;
      if (countAtSend > (learned.provenMinute ?? 0)) {
        learned.provenMinute = countAtSend;
        this.persist();
      }
      if (this.session.backoff) this.session.backoff = 0;
      job.resolve(response);
      return;
    }
    const limit = await readRateLimitReply(response, this.clock.now());
    const message = limit.errors[0];
    const now = this.clock.now();
    const waitMs = limit.waitSeconds !== null ? limit.waitSeconds * 1000 : this.fallbackWait();
    const until = now + waitMs;
    if (!limit.global) {
      job.reject(rateLimited(until, 'action', message));
      return;
    }
    this.learn(limit.code, now);
    this.session.pausedUntil = Math.max(this.session.pausedUntil, until);
    this.persist();
    if (job.globalRetries >= this.maxGlobalRetries) {
      job.reject(rateLimited(this.session.pausedUntil, 'global', message));
      return;
    }
    // Discourse did not run a rate-limited request, so it is safe to send again, first in its lane.
    job.globalRetries++;
    const firstOfLane = this.queue.findIndex((j) => j.lane === job.lane);
    this.queue.splice(firstOfLane === -1 ? this.queue.length : firstOfLane, 0, job);
  }

  private fallbackWait(): number {
    const wait = Math.min(2 ** this.session.backoff * 5_000, 120_000) * this.scale;
    this.session.backoff++;
    return wait;
  }

  /**
   * The server said stop before our count did: adopt the count that got through as the limit.
   * Only a 429 naming its limiter teaches anything; a bare one (MessageBus, an overloaded queue)
   * just pauses.
   */
  private learn(code: string | null, now: number): void {
    if (!code) return;
    const learned = this.local.learned;
    const limits = this.effective();
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

  private persist(): void {
    if (this.persistScheduled) return;
    this.persistScheduled = true;
    queueMicrotask(() => {
      this.persistScheduled = false;
      void this.storage.session.set(this.keys.session, this.session);
      void this.storage.local.set(this.keys.local, this.local);
    });
  }
}
