import { test } from './harness';
import { openConnectedPopup, type Sandbox } from './harness/sandbox';

// The extension's looks, compared with the accepted ones (test/e2e/looks/): a change of layout,
// spacing or colour that nobody meant fails here. When a change is meant, `npm run looks:accept`
// takes the new looks and rewrites the README's pictures (docs/) from the same run.

test.skip(
  ({ extensionBrowser }) => extensionBrowser !== 'chromium',
  'looks are compared in Chromium (one renderer, one set of pictures)',
);

const SCHEMES = ['light', 'dark'] as const;
// What differs from run to run and is not layout: today's budget, counted live, and the sandbox's port.
const LIVE = ['[data-testid=budget-chart]', '[data-testid=forum-host]'];

/** Relative times ("3 hours ago") read the same on every run: the pages' clock stands just after the forum's newest notification. */
function afterNewest(sandbox: Sandbox): number {
  return Math.max(...sandbox.forum.store.notifications.map((n) => Date.parse(n.createdAt))) + 60_000;
}

test('first run', async ({ extension }) => {
  const popup = await extension.openPage('src/popup/index.html');
  await popup.resize(420, 600);
  await popup.waitFor('[data-testid=first-run]');
  for (const scheme of SCHEMES) {
    await popup.colorScheme(scheme);
    await popup.matchesLook(`popup-first-run-${scheme}`);
  }
});

test('popup: inbox, topics, composer', async ({ extension, sandbox: start }) => {
  const sandbox = await start();
  await extension.freezeTime(afterNewest(sandbox));
  const { popup } = await openConnectedPopup(extension, sandbox);
  await popup.resize(420, 600);
  for (const scheme of SCHEMES) {
    await popup.colorScheme(scheme);
    await popup.click('[data-tab=inbox]');
    await popup.click('[data-scope=all]');
    await popup.waitFor('[data-testid=notification]');
    await popup.matchesLook(`popup-inbox-${scheme}`);
    // Topics and the composer are about one forum.
    await popup.click('.forum-switcher button:nth-child(2)');
    await popup.click('[data-tab=topics]');
    await popup.waitFor('[data-testid=topic]');
    await popup.matchesLook(`popup-topics-${scheme}`);
    await popup.click('[data-tab=compose]');
    await popup.waitFor('form.composer');
    await popup.matchesLook(`popup-compose-${scheme}`);
  }
});

test('settings page', async ({ extension, sandbox: start }) => {
  const sandbox = await start();
  await extension.freezeTime(afterNewest(sandbox));
  const { options } = await openConnectedPopup(extension, sandbox);
  const page = await extension.openPage('src/options/index.html');
  await options.close();
  await page.resize(1200, 900);
  await page.waitFor('[data-testid=forum-list] li [data-testid=budget-chart]', 15_000);
  for (const scheme of SCHEMES) {
    await page.colorScheme(scheme);
    await page.matchesLook(`options-${scheme}`, { hide: LIVE });
  }
});
