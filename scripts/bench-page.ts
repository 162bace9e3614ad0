// `npm run bench:page`: the time the page features add to a forum page's load: from the content
// script's start to its features having run once (a performance measure it records), on the
// sandbox's topic and list pages, 10 loads each. Prints figures and one JSON line.
import { spawnSync } from 'node:child_process';
import { launchChromium } from '../test/e2e/harness/chromium';
import { sandboxForum, seedConnection } from '../test/e2e/harness/sandbox';

if (spawnSync('npm', ['run', '--silent', 'build:e2e'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const sandbox = await sandboxForum();
const extension = await launchChromium();
const options = await extension.openPage('src/options/index.html');
await seedConnection(options, sandbox);
const store = sandbox.forum.store;
const topic = store.topics.find(
  (t) =>
    t.archetype === 'regular' && !store.categoryById(t.categoryId)!.readRestricted && store.postsOf(t.id).length > 20,
)!;
const pages = { topic: `${sandbox.url}/t/${topic.slug}/${topic.id}`, list: `${sandbox.url}/latest` };
const results: Record<string, number[]> = {};
for (const [name, url] of Object.entries(pages)) {
  results[name] = [];
  for (let i = 0; i < 10; i++) {
    await options.evaluateWith((target: string) => void window.open(target, '_blank'), `${url}?run=${name}${i}`);
    const tab = await extension.waitForTab(new RegExp(`run=${name}${i}$`));
    await tab.waitFor('html[data-discourse-companion=ready]', 15_000);
    let ms: number | undefined;
    while (ms === undefined)
      ms = await tab.evaluate(() => performance.getEntriesByName('companion-features')[0]?.duration);
    results[name]!.push(ms);
    await tab.close();
  }
}
await extension.close();
await sandbox.close();
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
for (const [name, values] of Object.entries(results))
  console.log(
    `${name} page: content script start → features run, median ${median(values).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (10 loads)`,
  );
console.log(
  JSON.stringify({
    pageFeaturesMs: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, Number(median(v).toFixed(1))])),
  }),
);
process.exit(0);
