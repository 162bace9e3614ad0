import { Budget, type Learned, type LocalState, type RequestTraits, type SessionState } from './budget';
import { DiscourseError, rateLimited } from './errors';
import type { Lane, ThrottleLimits, WriteAction } from './limits';
import type { Clock, StoragePort } from './ports';
import { readRateLimitReply } from './rateLimitReply';

export {
  actionSpacingFor,
  defaultLimits,
  type KeyKind,
  type Lane,
  type ThrottleLimits,
  type WriteAction,
} from './limits';
export type { Learned } from './budget';

/**
 * One throttle per forum key: every request to that forum waits here until Discourse's limits
 * (FACTS.md §2) allow it, so the user's budget is never wasted on 429s. The throttle is the
 * mechanism: the queue, sending, reading the answers, storing the state. When a request may go is
 * the budget's to say (budget.ts); what a 429 means is rateLimitReply.ts's.
 *
 * - Two lanes: interactive first, background after it (the budget paces it and keeps headroom).
 * - A global 429 pauses the whole forum until Retry-After (else `extras.wait_seconds`, else a
 *   backed-off guess) and re-sends the rejected request (it was not run), at most 3 times. A
 *   per-action 429 fails only that call.
 * - Window state, pause and learned limits live behind the storage port and survive a killed worker.
 */

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

interface Job extends RequestTraits {
  /** A MessageBus long poll: counted in the windows, but not as a request others must wait for. */
  longPoll: boolean;
  send: () => Promise<Response>;
  resolve: (response: Response) => void;
  reject: (error: unknown) => void;
  globalRetries: number;
}

/** How a request counts: its lane, whether it is a write (spaced from other writes), and more. */
export interface RunOptions {
  lane: Lane;
  /** A write: at least `writeSpacingMs` after the last one. */
  write?: boolean;
  /** A MessageBus long poll: counted in the windows, but not as a request others must wait for. */
  longPoll?: boolean;
  /** The Discourse per-action limiters this write counts in (a post, a topic). */
  actions?: readonly WriteAction[];
}

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
  private readonly clock: Clock;
  private readonly storage: StoragePort;
  private readonly maxGlobalRetries: number;
  private readonly keys: { session: string; local: string };
  private readonly budget: Budget;
  private readonly queue: Job[] = [];
  private inFlight = 0;
  private cancelTimer: (() => void) | null = null;
  private persistScheduled = false;
  readonly ready: Promise<void>;

  constructor(options: ThrottleOptions) {
    this.clock = options.clock;
    this.storage = options.storage;
    this.maxGlobalRetries = options.maxGlobalRetries ?? 3;
    this.keys = throttleStorageKeys(options.id);
    this.budget = new Budget(options.limits, options.windowScale ?? 1);
    this.ready = this.load();
  }

  private async load(): Promise<void> {
    const [session, local] = await Promise.all([
      this.storage.session.get(this.keys.session),
      this.storage.local.get(this.keys.local),
    ]);
    this.budget.restore(
      session && typeof session === 'object' ? (session as Partial<SessionState>) : undefined,
      local && typeof local === 'object' ? (local as Partial<LocalState>) : undefined,
    );
  }

  setLimits(limits: ThrottleLimits): void {
    this.budget.limits = limits;
    this.pump();
  }

  /** Runs `send` when the limits allow it; resolves with its response (never a global 429). */
  async run(
    { lane, write = false, longPoll = false, actions = [] }: RunOptions,
    send: () => Promise<Response>,
  ): Promise<Response> {
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
  async task<T>({ lane, write }: Pick<RunOptions, 'lane' | 'write'>, call: () => Promise<T>): Promise<T> {
    let result: T | undefined;
    await this.run({ lane, write }, async () => {
      result = await call();
      return new Response(null, { status: 204 });
    });
    return result as T;
  }

  snapshot(): BudgetSnapshot {
    const now = this.clock.now();
    const budget = this.budget;
    const { total, background } = budget.dayCounts(now);
    const limits = budget.effective(now);
    return {
      usedThisMinute: budget.usedThisMinute(now),
      usedToday: total,
      backgroundToday: background,
      limits: {
        perMinute: limits.perMinute,
        perDay: limits.perDay,
        backgroundPerDay: Math.floor(limits.perDay * limits.backgroundShare),
      },
      learned: { ...budget.local.learned },
      pausedUntil: budget.session.pausedUntil > now ? budget.session.pausedUntil : null,
      queued: {
        interactive: this.queue.filter((j) => j.lane === 'interactive').length,
        background: this.queue.filter((j) => j.lane === 'background').length,
      },
      inFlight: this.inFlight,
    };
  }

  /** Requests in each of the last 24 hours (oldest first), for the options page's chart. */
  hourly(): number[] {
    return this.budget.hourly(this.clock.now());
  }

  // --- the queue

  /** Sends every job the budget allows now (interactive first), and sets a timer for the next. */
  private pump(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    for (;;) {
      if (!this.queue.length) return;
      const now = this.clock.now();
      let best: { job: Job; at: number } | null = null;
      for (const job of [
        ...this.queue.filter((j) => j.lane === 'interactive'),
        ...this.queue.filter((j) => j.lane === 'background'),
      ]) {
        const at = this.budget.earliest(job, now, this.inFlight);
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

  private dispatch(job: Job, now: number): void {
    const windowCount = this.budget.usedThisMinute(now);
    this.budget.record(job, now);
    this.persist();
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
    this.budget.answered(sentAt, this.clock.now());
    if (response.status !== 429) {
      if (this.budget.succeeded(job, countAtSend, sentAt, this.clock.now())) this.persist();
      job.resolve(response);
      return;
    }
    const limit = await readRateLimitReply(response, this.clock.now());
    const message = limit.errors[0];
    const now = this.clock.now();
    const waitMs = limit.waitSeconds !== null ? limit.waitSeconds * 1000 : this.budget.fallbackWait();
    const until = now + waitMs;
    if (!limit.global) {
      job.reject(rateLimited(until, 'action', message));
      return;
    }
    this.budget.learn(limit.code, now);
    this.budget.pause(until);
    this.persist();
    if (job.globalRetries >= this.maxGlobalRetries) {
      job.reject(rateLimited(this.budget.session.pausedUntil, 'global', message));
      return;
    }
    // Discourse did not run a rate-limited request, so it is safe to send again, first in its lane.
    job.globalRetries++;
    const firstOfLane = this.queue.findIndex((j) => j.lane === job.lane);
    this.queue.splice(firstOfLane === -1 ? this.queue.length : firstOfLane, 0, job);
  }

  /** Stores the budget's state once per turn, however many changes the turn made. */
  private persist(): void {
    if (this.persistScheduled) return;
    this.persistScheduled = true;
    queueMicrotask(() => {
      this.persistScheduled = false;
      void this.storage.session.set(this.keys.session, this.budget.session);
      void this.storage.local.set(this.keys.local, this.budget.local);
    });
  }
}
