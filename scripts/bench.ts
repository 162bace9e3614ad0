// `npm run bench`: the real DiscourseClient and Throttle against the sandbox forum, with every
// time window shrunk by the same scale on both sides (60 s → 3 s). Prints a table, then one JSON
// line: {"scenarios":[{"name","requests","status429","throughputRatio","interactiveP95Ms"}, …]}.
import { DiscourseClient, type CallOptions } from '../src/discourse/client';
import { memoryStore, systemClock } from '../src/discourse/ports';
import { defaultLimits, Throttle } from '../src/discourse/throttle';
import { Forum } from '../test/forum/forum';
import type { SettingsPatch } from '../test/forum/settings';

const SCALE = 0.05;
const WINDOW_MS = 60_000 * SCALE;

interface Result {
  name: string;
  requests: number;
  status429: number;
  throughputRatio: number | null;
  interactiveP95Ms: number | null;
  elapsedMs: number;
  goal: string;
  pass: boolean;
}

async function setup(patch: SettingsPatch = {}, clientPerMinute = 20) {
  const forum = new Forum({ timeScale: SCALE, ...patch });
  await forum.listen(0);
  const tess = forum.store.userByName('tess')!;
  const scopes = ['read', 'write', 'notifications', 'session_info'];
  const { key } = forum.store.addUserApiKey({ userId: tess.id, clientId: 'bench', applicationName: 'bench', scopes, push: false, expiresAt: null });
  const throttle = new Throttle({ id: 'bench', limits: defaultLimits('user', { perMinute: clientPerMinute }), clock: systemClock, storage: { session: memoryStore(), local: memoryStore() }, windowScale: SCALE });
  const sent: { at: number; lane: string }[] = [];
  let lane = 'interactive';
  const timedFetch = (url: string, init?: RequestInit) => {
    sent.push({ at: Date.now(), lane });
    return fetch(url, init);
  };
  const api = new DiscourseClient({ baseUrl: forum.baseUrl, auth: { kind: 'user', key, clientId: 'bench', scopes }, fetch: timedFetch, clock: systemClock, throttle });
  const serverLog = () => forum.log.filter((e) => e.auth === 'user_api_key');
  return { forum, api, throttle, sent, serverLog, setLane: (l: string) => (lane = l) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Achieved rate as a share of what the server's limit permits: a sliding window of `perWindow`
 * lets N requests finish at best (ceil(N / perWindow) − 1) windows after the first one, so the
 * ratio is that ideal span over the measured span (1 = as fast as the limit allows).
 */
function throughputRatio(times: number[], perWindow: number): number {
  const windows = Math.ceil(times.length / perWindow) - 1;
  if (windows <= 0) return 1;
  const span = times.at(-1)! - times[0]!;
  return Number(Math.min(1, (windows * WINDOW_MS) / span).toFixed(3));
}

async function tabsBurst(): Promise<Result> {
  const { forum, api, serverLog } = await setup();
  const topicIds = forum.store.topics.filter((t) => t.archetype === 'regular' && !forum.store.categoryById(t.categoryId)!.readRestricted).map((t) => t.id);
  const started = Date.now();
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
  await Promise.all(tabs);
  const elapsedMs = Date.now() - started;
  const log = serverLog();
  await forum.close();
  const status429 = log.filter((e) => e.status === 429).length;
  const ratio = throughputRatio(log.map((e) => e.at), 20);
  return { name: '10 tabs bursting 200 mixed GETs', requests: log.length, status429, throughputRatio: ratio, interactiveP95Ms: null, elapsedMs, goal: '0 × 429, throughput ≥ 0.95', pass: status429 === 0 && ratio >= 0.95 };
}

async function pollingWhileClicking(): Promise<Result> {
  const { forum, api, serverLog } = await setup();
  const topicIds = forum.store.topics.filter((t) => t.archetype === 'regular' && !forum.store.categoryById(t.categoryId)!.readRestricted).map((t) => t.id);
  const started = Date.now();
  const stopAt = started + 6 * WINDOW_MS;
  // Background: keep several polls queued at all times, so the lane saturates its budget.
  const background = (async () => {
    const polls: Promise<unknown>[] = [];
    while (Date.now() < stopAt) {
      while (polls.length < 4) {
        const poll: Promise<unknown> = api.totals({ lane: 'background', fresh: true } satisfies CallOptions).catch(() => undefined).finally(() => polls.splice(polls.indexOf(poll), 1));
        polls.push(poll);
      }
      await Promise.race(polls);
    }
    await Promise.all(polls);
  })();
  // The user clicks every 200–700 ms (scaled: every 4–14 s for real), a third of the window's rate.
  const waits: number[] = [];
  let click = 0;
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS)); // let background fill the window first
  while (Date.now() < stopAt - WINDOW_MS / 2) {
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 500));
    const asked = Date.now();
    const id = topicIds[click++ % topicIds.length]!;
    await api.topic(id, undefined, { fresh: true });
    const arrived = forum.log.find((e) => e.at >= asked && e.path.startsWith(`/t/${id}.json`));
    waits.push((arrived?.at ?? Date.now()) - asked);
  }
  await background;
  const elapsedMs = Date.now() - started;
  const log = serverLog();
  await forum.close();
  const status429 = log.filter((e) => e.status === 429).length;
  const p95 = percentile(waits, 95);
  const slot = WINDOW_MS / 20;
  return { name: 'background polling saturating while the user clicks', requests: log.length, status429, throughputRatio: null, interactiveP95Ms: p95, elapsedMs, goal: `interactive p95 ≤ one slot (${slot} ms)`, pass: p95 <= slot && status429 === 0 };
}

async function secretlyLowerLimit(): Promise<Result> {
  const { forum, api, serverLog } = await setup({ limits: { userApiPerMinute: 12 } });
  const topicIds = forum.store.topics.filter((t) => t.archetype === 'regular' && !forum.store.categoryById(t.categoryId)!.readRestricted).map((t) => t.id);
  const started = Date.now();
  await Promise.all(topicIds.slice(0, 60).map((id) => api.topic(id)));
  const elapsedMs = Date.now() - started;
  const log = serverLog();
  await forum.close();
  const status429 = log.filter((e) => e.status === 429).length;
  const first429 = log.findIndex((e) => e.status === 429);
  const after = first429 === -1 ? 0 : log.slice(first429 + 1).filter((e) => e.status === 429).length;
  const ratio = throughputRatio(log.filter((e) => e.status === 200).map((e) => e.at), 12);
  return { name: 'server limit secretly 12/min, client told 20', requests: log.length, status429, throughputRatio: ratio, interactiveP95Ms: null, elapsedMs, goal: '≤ 1 × 429 before adapting, none after', pass: status429 <= 1 && after === 0 };
}

async function globalRetryAfter(): Promise<Result> {
  const { forum, api, serverLog } = await setup();
  const topicIds = forum.store.topics.filter((t) => t.archetype === 'regular' && !forum.store.categoryById(t.categoryId)!.readRestricted).map((t) => t.id);
  await api.totals();
  forum.addFault({ path: '^/t/', kind: 'rate-limit', retryAfterSeconds: 7, times: 1 });
  const started = Date.now();
  const results = await Promise.allSettled(topicIds.slice(0, 30).map((id) => api.topic(id)));
  const elapsedMs = Date.now() - started;
  const log = serverLog();
  await forum.close();
  const limited = log.find((e) => e.status === 429)!;
  const during = log.filter((e) => e.at > limited.at && e.at < limited.at + 7_000).length;
  const completed = results.filter((r) => r.status === 'fulfilled').length;
  return {
    name: 'a global 429 with Retry-After: 7',
    requests: log.length,
    status429: log.filter((e) => e.status === 429).length,
    throughputRatio: null,
    interactiveP95Ms: null,
    elapsedMs,
    goal: `nothing sent for 7 s (sent: ${during}), then all 30 complete (${completed})`,
    pass: during === 0 && completed === 30,
  };
}

const results: Result[] = [];
for (const scenario of [tabsBurst, pollingWhileClicking, secretlyLowerLimit, globalRetryAfter]) results.push(await scenario());

const columns: [keyof Result, string, number][] = [
  ['name', 'scenario', 52],
  ['requests', 'requests', 9],
  ['status429', '429s', 5],
  ['throughputRatio', 'throughput', 11],
  ['interactiveP95Ms', 'click p95 ms', 13],
  ['elapsedMs', 'elapsed ms', 11],
  ['pass', 'goal met', 9],
];
console.log(`time scale ${SCALE}: a 60 s window lasts ${WINDOW_MS} ms; server limit 20 per window unless noted`);
console.log(columns.map(([, title, width]) => title.padEnd(width)).join(' '));
for (const r of results) console.log(columns.map(([key, , width]) => String(r[key] ?? '—').padEnd(width)).join(' ') + `  ${r.goal}`);
console.log(JSON.stringify({ scenarios: results.map(({ name, requests, status429, throughputRatio: t, interactiveP95Ms }) => ({ name, requests, status429, throughputRatio: t, interactiveP95Ms })) }));
process.exit(results.every((r) => r.pass) ? 0 : 1);
