// `npm start`: builds the extension and opens Chromium with it loaded. With a display it stays
// open until you close the browser; without one (a server, CI) it runs a short scripted tour
// headless and saves screenshots under test-results/tour/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { findBrowser } from './browsers.mjs';

const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dist = resolve('dist/chrome');
const headless = !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.env.CI === 'true';
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'companion-start-')), {
  executablePath: findBrowser('chromium'),
  headless,
  viewport: headless ? { width: 420, height: 600 } : null,
  args: [
    `--disable-extensions-except=${dist}`,
    `--load-extension=${dist}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
const popupUrl = `chrome-extension://${extensionId}/src/popup/index.html`;
console.log(`Extension loaded: ${extensionId}`);

if (!headless) {
  const page = await context.newPage();
  await page.goto(popupUrl);
  console.log('Chromium is open with the extension; close the browser to stop.');
  await new Promise((done) => context.on('close', done));
  process.exit(0);
}

// The tour: what a newcomer would look at first.
const shots = resolve('test-results/tour');
mkdirSync(shots, { recursive: true });
const page = await context.newPage();
await page.goto(popupUrl);
await page.getByRole('button', { name: /check connection/i }).click();
await page.getByText(/Background answered/).waitFor({ timeout: 10_000 });
await page.screenshot({ path: join(shots, '1-popup.png') });
const options = await context.newPage();
await options.setViewportSize({ width: 900, height: 600 });
await options.goto(`chrome-extension://${extensionId}/src/options/index.html`);
await options.getByText(/chromiumapp\.org/).waitFor({ timeout: 10_000 });
await options.screenshot({ path: join(shots, '2-options.png') });
await context.close();
console.log(`No display: ran the headless tour. Screenshots:\n  ${join(shots, '1-popup.png')}\n  ${join(shots, '2-options.png')}`);
