import { expect, test } from './harness';

test('first run: with no forum the popup says what the extension does, and its one button brings up the settings page and steps aside', async ({
  extension,
}) => {
  const popup = await extension.openPage('src/popup/index.html');
  await popup.waitForText('[data-testid=first-run] h2', /^One inbox for every Discourse forum you use$/);
  expect(await popup.count('[data-testid=first-run] li')).toBe(3);
  await popup.screenshot('popup-first-run');
  await popup.click('[data-testid=first-run-connect]');
  // The settings page comes to the front (it is where a forum is connected) and the popup steps
  // aside (here a tab: Firefox lets a script close only what a script opened).
  if (extension.browserName === 'chromium') await expect.poll(() => popup.closed(), { timeout: 10_000 }).toBe(true);
  await extension.waitForTab(/\/src\/options\/index\.html/);
});

test('the popup reaches the background and shows its answer', async ({ extension }) => {
  const popup = await extension.openPage('src/popup/index.html');
  await popup.click('.connection-check button');
  const status = await popup.waitForText('[data-testid="connection-status"]', /Background answered in \d+ ms/);
  expect(status).toContain('version 0.1.0');
  await popup.screenshot('popup-ping');
});

test('the options page shows the redirect URL this browser uses for the auth_redirect flow', async ({ extension }) => {
  const options = await extension.openPage('src/options/index.html');
  const expected =
    extension.browserName === 'chromium'
      ? /^https:\/\/milmffdkmmemipopbgbcjlgnammdngko\.chromiumapp\.org\/$/
      : /^https:\/\/e037d907703b0d703b5bdf94dc3e0dc71a62450a\.extensions\.allizom\.org\/$/;
  await options.waitForText('[data-testid="redirect-url"]', expected);
  // The value admins allowlist: Chrome's (read at run time; the store assigns the id) and Firefox's.
  await options.waitForText(
    '[data-testid="allowlist-value"]',
    extension.browserName === 'chromium'
      ? /^https:\/\/milmffdkmmemipopbgbcjlgnammdngko\.chromiumapp\.org\/\|https:\/\/e037d907703b0d703b5bdf94dc3e0dc71a62450a\.extensions\.allizom\.org\/$/
      : /^https:\/\/e037d907703b0d703b5bdf94dc3e0dc71a62450a\.extensions\.allizom\.org\/$/,
  );
  await options.click('.connection-check button');
  await options.waitForText('[data-testid="connection-status"]', /Background answered/);
});
