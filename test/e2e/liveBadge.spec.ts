import { expect, test } from './harness';
import { launchChromium } from './harness/chromium';
import { approvalPageFlow } from './harness/sandbox';
import type { ExtensionPage } from './harness';

// The badge is the product's promise: it follows a forum from the moment it is connected, with
// the popup never opened, and again after the browser restarts (issue 11).

const badge = (page: ExtensionPage) =>
  page.evaluate(() =>
    (
      globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }
    ).chrome.action.getBadgeText({}),
  );

test.describe('in Chromium', () => {
  test.skip(
    ({ extensionBrowser }) => extensionBrowser !== 'chromium',
    'the profile restart needs Chromium’s persistent context',
  );

  test('an old forum in a subfolder: connected, popup never opened, a new notification reaches the badge within 70 s, also after a restart', async ({
    sandbox: forum,
  }) => {
    test.setTimeout(300_000);
    const sandbox = await forum({ oldForum: true, subfolder: '/forum' });
    const tess = sandbox.forum.store.userByName('tess')!;
    // What the forum's own bell shows, as the badge should.
    const bell = () => String(sandbox.forum.store.unreadCounts(tess.id).all || '');
    const profile = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/companion-restart-`);
    let extension = await launchChromium({ profile });
    try {
      const options = await extension.openPage('src/options/index.html');
      await approvalPageFlow(extension, options, sandbox);
      await options.waitForText('[data-testid=forum-status]', /Connected as tess/, 20_000);
      // What is there already shows without the popup.
      await expect.poll(() => badge(options), { timeout: 70_000, intervals: [1_000] }).toBe(bell());
      await sandbox.control('POST', '/notifications', { username: 'tess', type: 'mentioned', actor: 'priya' });
      const arrived = Date.now();
      await expect.poll(() => badge(options), { timeout: 70_000, intervals: [1_000] }).toBe(bell());
      console.log(`badge followed a new notification after ${((Date.now() - arrived) / 1000).toFixed(1)} s`);
      await extension.close();

      // The browser restarts: the same profile, nothing opened but a page to read the badge.
      extension = await launchChromium({ profile });
      const page = await extension.openPage('src/options/index.html');
      await sandbox.control('POST', '/notifications', { username: 'tess', type: 'replied', actor: 'omar' });
      const again = Date.now();
      await expect.poll(() => badge(page), { timeout: 70_000, intervals: [1_000] }).toBe(bell());
      console.log(`after a restart: ${((Date.now() - again) / 1000).toFixed(1)} s`);
      const log = (await sandbox.control('GET', '/log')) as { entries: { status: number; path: string }[] };
      expect(log.entries.filter((e) => e.status === 429)).toEqual([]);
    } finally {
      await extension.close();
      (await import('node:fs')).rmSync(profile, { recursive: true, force: true });
    }
  });
});
