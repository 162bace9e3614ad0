// `npm start`: builds the extension, starts the sandbox forum with its demo data, and opens
// Chromium with the extension loaded. With a display it stays open until you close the browser;
// without one (a server, CI) it runs a short scripted tour headless and saves screenshots under
// test-results/tour/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { findBrowser } from './browsers.mjs';
import { Forum } from '../test/forum/forum';
import { describe } from '../test/forum/routes/control';

const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const forum = new Forum({ limits: { limitLoopback: false } });
await forum.listen(Number(process.env.FORUM_PORT ?? 4200)).catch(() => forum.listen(0));
const info = describe(forum);
console.log(`Sandbox forum: ${info.url}  (log in as tess / tess-password; admin ${info.adminUsername}, API key ${info.adminApiKey.slice(0, 8)}…)`);

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
  const forumTab = await context.newPage();
  await forumTab.goto(`${info.url}/latest`);
  console.log('Chromium is open with the extension and the sandbox forum; close the browser to stop.');
  await new Promise((done) => context.on('close', done));
  await forum.close();
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
const forumPage = await context.newPage();
await forumPage.setViewportSize({ width: 1100, height: 800 });
await forumPage.goto(`${info.url}/latest`);
await forumPage.screenshot({ path: join(shots, '3-sandbox-forum.png') });
await context.close();
await forum.close();
console.log(`No display: ran the headless tour. Screenshots:\n  ${['1-popup.png', '2-options.png', '3-sandbox-forum.png'].map((f) => join(shots, f)).join('\n  ')}`);
