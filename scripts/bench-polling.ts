// `npm run bench:polling`: the badge's latency and the background's request rate, from the
// polling schedule the inbox really uses (src/background/pollSchedule.ts), on a virtual clock: a
// simulated day per forum with notifications at random (seeded) times and an active/away pattern
// (at the computer 08:00–12:00 and 13:00–18:30, away otherwise). Each forum's next poll is an exact
// alarm (pollDue → wakeAt); the user's return wakes every forum at once. A poll is one request
// (totals); the list is fetched in the background only for desktop notifications, counted too.
// A third scenario keeps a tab of the forum open and visible 09:00–11:00 and 14:00–16:00: no
// request goes then (src/background/inboxPolling.ts pollDue; test/unit/inbox.test.ts proves it on the
// real code), the page's own header count reaches the badge at once, and the next alarm (one a
// minute) polls again after the tab's claim lapses. This shows what that saves.
// Prints figures with their goals, then one JSON line. Same numbers on every run.
import { afterPoll, budgetInterval, firstPoll, wakeUp, type PollState } from '../src/background/pollSchedule';
import { PAGE_VISIBLE_TTL_MS } from '../src/messages/pageHeartbeat';
import { seededRandom } from './lib/virtualTime';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const active = (t: number) => {
  const h = (t % DAY) / HOUR;
  return (h >= 8 && h < 12) || (h >= 13 && h < 18.5);
};

const tabVisible = (t: number) => {
  const h = (t % DAY) / HOUR;
  return (h >= 9 && h < 11) || (h >= 14 && h < 16);
};

interface ForumDay {
  latenciesActive: number[];
  requests: number;
}

function simulateForum(seed: number, notificationsPerDay: number, desktop: boolean, withTab: boolean): ForumDay {
  const random = seededRandom(seed);
  const arrivals = Array.from({ length: notificationsPerDay }, () => random() * DAY).sort((a, b) => a - b);
  const minInterval = budgetInterval(2880, 0.5);
  let state: PollState = firstPoll();
  let requests = 0;
  let seenCount = 0; // notifications the badge already shows
  const visible = (t: number) => withTab && tabVisible(t);
  const latenciesActive: number[] = [];
  let wasActive = active(0);
  // Events: the next due poll, or the user coming back (idle → active wakes every forum).
  for (let now = 0; now < DAY; ) {
    const nextReturn = nextActiveStart(now);
    const due = Math.max(now, state.nextAt);
    if (!wasActive && nextReturn < due) {
      now = nextReturn;
      wasActive = true;
      state = wakeUp(now);
      continue;
    }
    now = due;
    if (now >= DAY) break;
    wasActive = active(now);
    if (visible(now)) {
      // The page's header count is the badge: notifications show as they arrive (Discourse pushes
      // them to the page). Nothing is sent; the first minute alarm after the claim lapses polls.
      const arrived = arrivals.filter((t) => t <= now).length;
      for (const t of arrivals.slice(seenCount, arrived)) if (active(t)) latenciesActive.push(0);
      seenCount = arrived;
      let end = now;
      while (visible(end)) end += 60_000;
      state = { ...state, nextAt: Math.ceil((end + PAGE_VISIBLE_TTL_MS) / 60_000) * 60_000 };
      for (const t of arrivals.slice(seenCount)) if (t < end) latenciesActive.push(0);
      seenCount = arrivals.filter((t) => t < end).length;
      continue;
    }
    requests++;
    const arrived = arrivals.filter((t) => t <= now).length;
    const changed = arrived > seenCount;
    for (const t of arrivals.slice(seenCount, arrived)) if (active(t)) latenciesActive.push((now - t) / 1000);
    seenCount = arrived;
    const listToo = changed && desktop;
    if (listToo) requests++;
    state = afterPoll(state, changed, now, minInterval, listToo ? 2 : 1, !active(now));
  }
  return { latenciesActive, requests };
}

function nextActiveStart(t: number): number {
  for (let probe = Math.ceil(t / 60_000) * 60_000; probe < t + DAY; probe += 60_000)
    if (active(probe) && !active(probe - 60_000)) return probe;
  return Infinity;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
};

const results: Record<
  string,
  { forums: number; latencyP50S: number; latencyP95S: number; requestsPerHourPerForum: number }
> = {};
const scenarios: [number, boolean, boolean][] = [
  [1, false, false],
  [1, true, false],
  [1, false, true],
  [20, false, false],
  [20, true, false],
  [20, false, true],
];
for (const [forums, desktop, withTab] of scenarios) {
  const days = Array.from({ length: forums }, (_, i) => simulateForum(1000 + i, 40, desktop, withTab));
  const latencies = days.flatMap((d) => d.latenciesActive);
  const perHour = days.reduce((sum, d) => sum + d.requests, 0) / forums / 24;
  results[
    `${forums} forum${forums > 1 ? 's' : ''}${desktop ? ', desktop notifications on' : ''}${withTab ? ', a tab visible 4 h' : ''}`
  ] = {
    forums,
    latencyP50S: Math.round(percentile(latencies, 50)),
    latencyP95S: Math.round(percentile(latencies, 95)),
    requestsPerHourPerForum: Math.round(perHour * 10) / 10,
  };
}

console.log(
  'badge latency while the user is at the computer, and background requests per forum (simulated day, 40 notifications per forum):',
);
for (const [name, r] of Object.entries(results)) {
  const met = r.latencyP95S <= 60 && r.requestsPerHourPerForum <= 60;
  console.log(
    `  ${name.padEnd(58)} p50 ${String(r.latencyP50S).padStart(3)} s · p95 ${String(r.latencyP95S).padStart(3)} s (goal ≤ 60 s) · ${String(r.requestsPerHourPerForum).padStart(5)} requests/hour/forum (goal ≤ 60) · ${met ? 'met' : 'NOT met'}`,
  );
}
const plain = results['1 forum']!;
const tab = results['1 forum, a tab visible 4 h']!;
console.log(
  JSON.stringify({
    badgeLatencyP50S: plain.latencyP50S,
    badgeLatencyP95S: plain.latencyP95S,
    backgroundRequestsPerHour: plain.requestsPerHourPerForum,
    backgroundRequestsPerHourWithVisibleTab: tab.requestsPerHourPerForum,
    scenarios: results,
  }),
);
