// `npm run bench:throttle`: the throttle's four scenarios (scripts/lib/throttleScenarios.ts) on a
// virtual clock, whose figures are exact and the same on every run (the goals are judged on
// these), then the same scenarios in scaled real time as a smoke test beside them. Prints a table
// per mode, then one JSON line: {"throttle":{"virtual":[…],"realTimeSmoke":[…]}}.
import {
  scaledRealTimeMode,
  throttleScenarios,
  virtualMode,
  type ScenarioResult,
  type TimeMode,
} from './lib/throttleScenarios';

async function runAll(makeMode: () => TimeMode): Promise<{ mode: string; results: ScenarioResult[] }> {
  const results: ScenarioResult[] = [];
  let name = '';
  for (const scenario of throttleScenarios) {
    const mode = makeMode();
    name = mode.name;
    results.push(await scenario(mode));
  }
  return { mode: name, results };
}

const columns: [keyof ScenarioResult, string, number][] = [
  ['name', 'scenario', 52],
  ['requests', 'requests', 9],
  ['status429', '429s', 5],
  ['throughputRatio', 'throughput', 11],
  ['clickP95Slots', 'click p95', 10],
  ['elapsedS', 'forum s', 8],
  ['pass', 'goal met', 9],
];

function print({ mode, results }: { mode: string; results: ScenarioResult[] }) {
  console.log(`throttle, ${mode} (server limit 20/min unless noted; "forum s" is forum time, a slot is 3 s):`);
  console.log(`  ${columns.map(([, title, width]) => title.padEnd(width)).join(' ')}`);
  for (const r of results)
    console.log(`  ${columns.map(([key, , width]) => String(r[key] ?? '—').padEnd(width)).join(' ')}  ${r.goal}`);
}

const brief = (results: ScenarioResult[]) =>
  results.map(({ name, requests, status429, throughputRatio, clickP95Slots, pass }) => ({
    name,
    requests,
    status429,
    throughputRatio,
    clickP95Slots,
    pass,
  }));
const virtual = await runAll(virtualMode);
print(virtual);
const smoke = process.argv.includes('--virtual-only') ? null : await runAll(() => scaledRealTimeMode());
if (smoke) print(smoke);
console.log(
  JSON.stringify({ throttle: { virtual: brief(virtual.results), realTimeSmoke: smoke ? brief(smoke.results) : null } }),
);
process.exit(virtual.results.every((r) => r.pass) ? 0 : 1);
