// `npm run bench:polling`: requests per hour the background sends to one forum, from the polling
// schedule the inbox uses (src/background/pollSchedule.ts), stepped with the worker's 30 s alarm.
// An idle poll is one request (totals); a poll that finds a change adds the notification list.
import { afterPoll, budgetInterval, firstPoll, type PollState } from '../src/background/pollSchedule';

function hourOf(changeEveryMs: number | null): { requests: number; polls: number } {
  const hour = 3_600_000;
  const minInterval = budgetInterval(2880, 0.5);
  let state: PollState = firstPoll(0);
  let requests = 0;
  let polls = 0;
  let lastChange = 0;
  for (let now = 0; now < hour; now += 30_000) {
    if (state.nextAt > now) continue;
    polls++;
    requests++;
    const changed = changeEveryMs !== null && now - lastChange >= changeEveryMs;
    if (changed) {
      lastChange = now;
      requests++; // the list, fetched only when the counts moved
    }
    state = afterPoll(state, changed || polls === 1, now, minInterval, changed ? 2 : 1);
  }
  return { requests, polls };
}

const idle = hourOf(null);
const busy = hourOf(5 * 60_000);
console.log('requests per hour to one forum, background only (popup closed):');
console.log(`  idle forum (nothing new):        ${idle.requests} requests (${idle.polls} totals polls)`);
console.log(`  busy forum (news every 5 min):   ${busy.requests} requests (${busy.polls} totals polls)`);
console.log(`  budget: a user key allows 2880/day; background may use half, i.e. 60/hour`);
console.log(JSON.stringify({ requestsPerHour: { idle: idle.requests, busy: busy.requests } }));
