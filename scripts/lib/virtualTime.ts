import type { Clock } from '../../src/discourse/ports';

/**
 * A clock for benchmarks that no machine load can skew: time moves only when every piece of work
 * is waiting on a timer. `run(work)` drains requests in flight and pending callbacks, then jumps
 * to the next timer, until `work` settles. Requests take no virtual time.
 */
export function virtualTime(start = Date.UTC(2026, 11, 1, 9)) {
  let now = start;
  let sequence = 0;
  let inFlight = 0;
  const timers: { at: number; seq: number; fn: () => void; live: boolean }[] = [];
  const clock: Clock = {
    now: () => now,
    setTimeout(fn, ms) {
      const timer = { at: now + Math.max(0, ms), seq: sequence++, fn, live: true };
      timers.push(timer);
      return () => void (timer.live = false);
    },
  };
  /** Marks a real asynchronous operation (an HTTP request) that virtual time must wait for. */
  const track = <T>(operation: Promise<T>): Promise<T> => {
    inFlight++;
    return operation.finally(() => inFlight--);
  };
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  async function quiesce() {
    for (let calm = 0; calm < 3; ) {
      await turn();
      calm = inFlight > 0 ? 0 : calm + 1;
    }
  }
  async function run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await quiesce();
      if (settled) return work;
      const live = timers.filter((t) => t.live).sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = live[0];
      if (!next) throw new Error('virtual time: work is pending but nothing is scheduled');
      timers.splice(timers.indexOf(next), 1);
      now = Math.max(now, next.at);
      next.fn();
    }
  }
  const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
  return { clock, track, run, sleep };
}

/** Deterministic pseudo-random numbers (mulberry32), so a benchmark is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
