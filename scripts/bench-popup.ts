// `npm run bench:popup`: how fast the popup shows its first inbox row from cache. Opens the popup
// 20 times (the first fills the cache) and prints the median and p90 of navigation start → first
// row painted (a performance mark the inbox sets), plus one JSON line.
import { launchChromium } from '../test/e2e/harness/chromium';
import { sandboxForum, seedConnection } from '../test/e2e/harness/sandbox';
import { spawnSync } from 'node:child_process';

if (spawnSync('npm', ['run', '--silent', 'build:e2e'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const sandbox = await sandboxForum();
const extension = await launchChromium();
const options = await extension.openPage('src/options/index.html');
await seedConnection(options, sandbox);
const warm = await extension.openPage('src/popup/index.html');
await warm.waitFor('[data-testid=notification]', 15_000);
await new Promise((resolve) => setTimeout(resolve, 1_000));
await warm.close();

const times: number[] = [];
for (let i = 0; i < 20; i++) {
  const popup = await extension.openPage('src/popup/index.html');
  await popup.waitFor('[data-testid=notification]', 15_000);
  // (tsx names functions with a helper the page does not have, so the page only reads the mark.)
  let ms: number | undefined;
  while (ms === undefined) ms = await popup.evaluate(() => performance.getEntriesByName('first-inbox-row')[0]?.startTime);
  times.push(ms);
  await popup.close();
}
await extension.close();
await sandbox.close();
const sorted = [...times].sort((a, b) => a - b);
const median = (sorted[9]! + sorted[10]!) / 2;
const p90 = sorted[17]!;
console.log(`popup, navigation start → first inbox row from cache, 20 opens (Chromium ${process.env.CHROMIUM_PATH ?? 'system'}, headless):`);
console.log(`  median ${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms, min ${sorted[0]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`);
console.log(JSON.stringify({ popupFirstRowMs: { median: Number(median.toFixed(1)), p90: Number(p90.toFixed(1)), runs: times.map((t) => Number(t.toFixed(1))) } }));
process.exit(0);
