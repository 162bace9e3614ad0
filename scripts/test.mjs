// `npm test`: everything CI checks, in order, stopping at the first failing stage. Prints each
// stage's wall time and, last, one closing line counting every test that ran.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findBrowser } from './browsers.mjs';

mkdirSync('test-results', { recursive: true });
const VITEST_JSON = 'test-results/vitest.json';
const PLAYWRIGHT_JSON = 'test-results/playwright.json';
rmSync(VITEST_JSON, { force: true });
rmSync(PLAYWRIGHT_JSON, { force: true });

const stages = [
  ['typecheck', ['npx', 'tsc', '--noEmit']],
  // Biome: the one formatter (120 columns) and the linter; `npm run format` fixes what it can.
  ['lint', ['npx', 'biome', 'check']],
  ['unit', ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`]],
  ['build', ['npm', 'run', '--silent', 'build']],
  ['build:e2e', ['npm', 'run', '--silent', 'build:e2e']],
  [
    'lint:firefox',
    [
      'npx',
      'web-ext',
      'lint',
      '--source-dir',
      'dist/firefox',
      '--self-hosted',
      '--warnings-as-errors',
      '--output',
      'text',
    ],
  ],
  ['package', ['node', 'scripts/package.mjs']],
  [
    'browsers',
    () => {
      for (const kind of ['chromium', 'firefox']) console.log(`${kind}: ${findBrowser(kind)}`);
    },
  ],
  ['e2e', ['npx', 'playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_JSON }],
];

const timings = [];
let failed = null;
for (const [name, command, env] of stages) {
  console.log(`\n=== ${name} ===`);
  const started = performance.now();
  let ok = true;
  if (typeof command === 'function') {
    try {
      command();
    } catch (error) {
      console.error(error.message);
      ok = false;
    }
  } else {
    const run = spawnSync(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, ...env } });
    ok = run.status === 0;
  }
  timings.push([name, (performance.now() - started) / 1000]);
  if (!ok) {
    failed = name;
    break;
  }
}

console.log('\n=== stage times ===');
for (const [name, seconds] of timings) console.log(`${name.padEnd(14)} ${seconds.toFixed(1).padStart(6)} s`);

const counts = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(VITEST_JSON)) {
  const report = JSON.parse(readFileSync(VITEST_JSON, 'utf8'));
  counts.passed += report.numPassedTests;
  counts.failed += report.numFailedTests;
  counts.skipped += report.numPendingTests + report.numTodoTests;
  console.log(`unit: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
}
if (existsSync(PLAYWRIGHT_JSON)) {
  const report = JSON.parse(readFileSync(PLAYWRIGHT_JSON, 'utf8'));
  const { stats } = report;
  const byBrowser = {};
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        const entry = (byBrowser[t.projectName] ??= { passed: 0, failed: 0 });
        if (t.status === 'expected' || t.status === 'flaky') entry.passed++;
        else if (t.status !== 'skipped') entry.failed++;
      }
    }
    (suite.suites ?? []).forEach(visit);
  };
  report.suites.forEach(visit);
  for (const [browser, entry] of Object.entries(byBrowser))
    console.log(`e2e ${browser}: ${entry.passed} passed, ${entry.failed} failed`);
  counts.passed += stats.expected + stats.flaky;
  counts.failed += stats.unexpected;
  counts.skipped += stats.skipped;
}
if (failed) {
  console.log(`stage failed: ${failed}`);
  counts.failed = Math.max(counts.failed, 1);
}
console.log(`${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
