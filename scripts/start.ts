// `npm start`: builds the extension, starts the sandbox forum with its demo data, opens Chromium
// with the extension, and connects the forum through the device flow, so a newcomer sees a
// working inbox at once. With a display the browser stays open until you close it; without one
// (a server, CI) it runs a short tour (connect, inbox, reply) headless and saves screenshots
// under test-results/tour/.
//
// The demo uses the end-to-end build (dist/e2e-chrome): the same extension, with the loopback
// forum's host permission granted up front instead of asked for in a prompt.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium } from '../test/e2e/harness/chromium';
import { deviceFlow, sandboxForum } from '../test/e2e/harness/sandbox';

const build = spawnSync('npm', ['run', '--silent', 'build:e2e'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const headless = !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.env.CI === 'true';
const sandbox = await sandboxForum({ timeScale: 0.2, limits: { createPostSeconds: 0 } });
const accounts = sandbox.forum.accounts;
console.log(
  `Sandbox forum: ${sandbox.url}  (log in as tess / tess-password; admin ${accounts.adminUsername}, API key ${accounts.adminApiKey.slice(0, 8)}…)`,
);

const extension = await launchChromium({ headless });
console.log(`Extension loaded: ${extension.extensionId}`);
const shots = resolve('test-results/tour');
mkdirSync(shots, { recursive: true });
const saved: string[] = [];
const shoot = async (page: Awaited<ReturnType<typeof extension.openPage>>, name: string) => {
  const target = join(shots, `${name}.png`);
  renameSync(await page.screenshot(`tour-${name}`), target);
  saved.push(target);
};

// 1. Connect: the options page, the device code, Authorize on the forum.
const options = await extension.openPage('src/options/index.html');
await deviceFlow(extension, options, sandbox);
await options.waitForText('[data-testid=forum-status]', /Connected as tess/, 20_000);
await shoot(options, '1-connected');

// 2. The inbox.
const popup = await extension.openPage('src/popup/index.html');
if (headless) await popup.resize(420, 600);
await popup.waitFor('[data-testid=notification]', 15_000);
await shoot(popup, '2-inbox');

// 3. A reply from the inbox.
await popup.click('[data-testid=notification] .row-action');
await popup.fill('textarea[name=raw]', 'Thanks! Replying from the Discourse Companion popup.');
await popup.click('form.composer button.primary');
await popup.waitFor('[data-testid=compose-sent]', 10_000);
await shoot(popup, '3-replied');

if (!headless) {
  console.log('Chromium is open with the extension connected to the sandbox forum; close the browser to stop.');
  await new Promise((done) => extension.context.on('close', done));
} else {
  await extension.close();
  console.log(`No display: ran the headless tour (connect, inbox, reply). Screenshots:\n  ${saved.join('\n  ')}`);
}
await sandbox.close();
process.exit(0);
