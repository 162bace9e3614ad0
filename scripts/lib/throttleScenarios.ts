// The four throttle scenarios of `npm run bench:throttle`, on the real DiscourseClient and Throttle
// against the sandbox forum. They run in either of two times: virtual (exact, the same figures
// on every run: the goal) or real time with every window shrunk by one scale on both sides (a
// smoke test that real timers and sockets behave the same; a loaded machine can skew it).
import { DiscourseClient, type CallOptions } from '../../src/discourse/client';
import { memoryStore, systemClock, type Clock } from '../../src/discourse/ports';
import { defaultLimits, Throttle } from '../../src/discourse/throttle';
import { Forum } from '../../test/forum/forum';
import type { SettingsPatch } from '../../test/forum/settings';
import { seededRandom, virtualTime } from './virtualTime';

export interface TimeMode {
  name: string;
  clock: Clock;
  /** 1 in virtual time; below 1 shrinks every window (60 s → 60 s × scale). */
  scale: number;
  sleep(ms: number): Promise<void>;
  /** Drives `work` to completion (virtual time advances only inside). */
  run<T>(work: Promise<T>): Promise<T>;
  track<T>(request: Promise<T>): Promise<T>;
}

export function virtualMode(): TimeMode {
  const time = virtualTime();
  return { name: 'virtual clock', scale: 1, ...time };
}

export function scaledRealTimeMode(scale = 0.05): TimeMode {
  return {
    name: `real time, scale ${scale}`,
    clock: systemClock,
    scale,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    run: (work) => work,
    track: (request) => request,
  };
}

export interface ScenarioResult {
  name: string;
  requests: number;
  status429: number;
  throughputRatio: number | null;
  /** Wait of the user's clicks, p95, in slots (one slot = the window / the limit: 3 s at 20/min). */
  clickP95Slots: number | null;
  elapsedS: number;
  goal: string;
  pass: boolean;
}

async function setup(mode: TimeMode, patch: SettingsPatch = {}, clientPerMinute = 20) {
  const forum = new Forum({ timeScale: mode.scale, ...patch }, mode.clock.now);
  await forum.listen(0);
  const tess = forum.store.userByName('tess')!;
  const scopes = ['read', 'write', 'notifications', 'session_info'];
  const { key } = forum.store.addUserApiKey({
    userId: tess.id,
    clientId: 'bench',
    applicationName: 'bench',
    scopes,
    push: false,
    expiresAt: null,
  });
  const storage = { session: memoryStore(), local: memoryStore() };
  const throttle = new Throttle({
    id: 'bench',
    limits: defaultLimits('user', { perMinute: clientPerMinute }),
    clock: mode.clock,
    storage,
    windowScale: mode.scale,
  });
  const fetchTracked = (url: string, init?: RequestInit) => mode.track(fetch(url, init));
  const api = new DiscourseClient({
    baseUrl: forum.baseUrl,
    auth: { kind: 'user', key, clientId: 'bench', scopes },
    fetch: fetchTracked,
    clock: mode.clock,
    throttle,
  });
  const serverLog = () => forum.log.filter((e) => e.auth === 'user_api_key');
  const topicIds = forum.store.topics
    .filter((t) => t.archetype === 'regular' && !forum.store.categoryById(t.categoryId)!.readRestricted)
    .map((t) => t.id);
  return { forum, api, serverLog, topicIds, windowMs: 60_000 * mode.scale };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Achieved rate as a share of what the server's limit permits: a sliding window of `perWindow`
 * lets N requests finish at best (ceil(N / perWindow) − 1) windows after the first one, so the
 * ratio is that ideal span over the measured span (1 = as fast as the limit allows).
 */
function throughputRatio(times: number[], perWindow: number, windowMs: number): number {
  const windows = Math.ceil(times.length / perWindow) - 1;
  if (windows <= 0) return 1;
  const span = times.at(-1)! - times[0]!;
  return Number(Math.min(1, (windows * windowMs) / span).toFixed(3));
}

const seconds = (ms: number, mode: TimeMode) => Number((ms / 1000 / mode.scale).toFixed(1));

async function tabsBurst(mode: TimeMode): Promise<ScenarioResult> {
  const { forum, api, serverLog, topicIds, windowMs } = await setup(mode);
  const started = mode.clock.now();
  // 10 tabs × 20 GETs: topics (many distinct), list pages, totals and categories (often the same).
  const tabs = Array.from({ length: 10 }, (_, tab) =>
    Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const pick = (tab * 20 + i) % 10;
        if (pick < 6) return api.topic(topicIds[(tab * 7 + i * 3) % topicIds.length]!);
        if (pick < 8) return api.topics('latest', { page: i % 3 });
        if (pick < 9) return api.totals();
        return api.categories();
      }),
    ),
  );
  await mode.run(Promise.all(tabs));
  const elapsed = mode.clock.now() - started;
  const log = serverLog();
  await forum.close();
  const status429 = log.filter((e) => e.status === 429).length;
  const ratio = throughputRatio(
    log.map((e) => e.at),
    20,
    windowMs,
  );
  return {
    name: '10 tabs bursting 200 mixed GETs',
    requests: log.length,
    status429,
    throughputRatio: ratio,
    clickP95Slots: null,
    elapsedS: seconds(elapsed, mode),
    goal: '0 × 429, throughput ≥ 0.95',
    pass: status429 === 0 && ratio >= 0.95,
  };
}

async function pollingWhileClicking(mode: TimeMode): Promise<ScenarioResult> {
  const { forum, api, serverLog, topicIds, windowMs } = await setup(mode);
  const random = seededRandom(42);
  const started = mode.clock.now();
  const stopAt = started + 6 * windowMs;
  const waits: number[] = [];
  const work = async () => {
    // Background: keep several polls queued at all times, so the lane saturates its budget.
    const background = (async () => {
      const polls = new Set<Promise<unknown>>();
      while (mode.clock.now() < stopAt) {
        while (polls.size < 4) {
          const poll: Promise<unknown> = api
            .totals({ lane: 'background', fresh: true } satisfies CallOptions)
            .catch(() => undefined)
            .finally(() => polls.delete(poll));
          polls.add(poll);
        }
        await Promise.race(polls);
      }
      await Promise.all(polls);
    })();
    // The user clicks every 4–14 s (a third of the window's rate), after background filled the window.
    await mode.sleep(windowMs);
    let click = 0;
    while (mode.clock.now() < stopAt - windowMs / 2) {
      await mode.sleep((4_000 + random() * 10_000) * mode.scale);
      const asked = mode.clock.now();
      const id = topicIds[click++ % topicIds.length]!;
      await api.topic(id, undefined, { fresh: true });
      const arrived = forum.log.find((e) => e.at >= asked && e.path.startsWith(`/t/${id}.json`));
      waits.push((arrived?.at ?? mode.clock.now()) - asked);
    }
    await background;
  };
  await mode.run(work());
  const elapsed = mode.clock.now() - started;
  const log = serverLog();
  await forum.close();
  const status429 = log.filter((e) => e.status === 429).length;
  const slot = windowMs / 20;
  const p95Slots = Number((percentile(waits, 95) / slot).toFixed(2));
  return {
    name: 'background polling saturating while the user clicks',
    requests: log.length,
    status429,
    throughputRatio: null,
    clickP95Slots: p95Slots,
    elapsedS: seconds(elapsed, mode),
    goal: `${waits.length} clicks, p95 wait ≤ 1 slot, 0 × 429`,
    pass: p95Slots <= 1 && status429 === 0,
  };
}

async function secretlyLowerLimit(mode: TimeMode): Promise<ScenarioResult> {
  const { forum, api, serverLog, topicIds, windowMs } = await setup(mode, { limits: { userApiPerMinute: 12 } });
  const started = mode.clock.now();
  await mode.run(Promise.all(topicIds.slice(0, 60).map((id) => api.topic(id))));
  const elapsed = mode.clock.now() - started;
  const log = serverLog();
  await forum.close();
  const status429 = log.filter((e) => e.status === 429).length;
  const first429 = log.findIndex((e) => e.status === 429);
  const after = first429 === -1 ? 0 : log.slice(first429 + 1).filter((e) => e.status === 429).length;
  const ratio = throughputRatio(
    log.filter((e) => e.status === 200).map((e) => e.at),
    12,
    windowMs,
  );
  return {
    name: 'server limit secretly 12/min, client told 20',
    requests: log.length,
    status429,
    throughputRatio: ratio,
    clickP95Slots: null,
    elapsedS: seconds(elapsed, mode),
    goal: '≤ 1 × 429 before adapting, none after',
    pass: status429 <= 1 && after === 0,
  };
}

async function globalRetryAfter(mode: TimeMode): Promise<ScenarioResult> {
  const { forum, api, serverLog, topicIds } = await setup(mode);
  await mode.run(api.totals());
  // Retry-After is whole seconds: in scaled real time the forum asks for the nearest whole second of 7 s × scale
  // (else a click would meet a pause longer than its scaled longest wait and be refused at once).
  const retryAfter = Math.max(1, Math.round(7 * mode.scale));
  forum.addFault({ path: '^/t/', kind: 'rate-limit', retryAfterSeconds: retryAfter, times: 1 });
  const started = mode.clock.now();
  const results = await mode.run(Promise.allSettled(topicIds.slice(0, 30).map((id) => api.topic(id))));
  const elapsed = mode.clock.now() - started;
  const log = serverLog();
  await forum.close();
  const limited = log.find((e) => e.status === 429)!;
  const during = log.filter((e) => e.at > limited.at && e.at < limited.at + retryAfter * 1000).length;
  const completed = results.filter((r) => r.status === 'fulfilled').length;
  return {
    name: 'a global 429 with Retry-After: 7',
    requests: log.length,
    status429: log.filter((e) => e.status === 429).length,
    throughputRatio: null,
    clickP95Slots: null,
    elapsedS: seconds(elapsed, mode),
    goal: `nothing sent for ${retryAfter} s (sent: ${during}), then all 30 complete (${completed})`,
    pass: during === 0 && completed === 30,
  };
}

export const throttleScenarios = [tabsBurst, pollingWhileClicking, secretlyLowerLimit, globalRetryAfter];
