import { expect, test } from './harness';
import { seriousIssues } from './harness/axe';
import { seedConnection } from './harness/sandbox';

// The settings page as a user first sees it with a forum connected: sections as cards with an
// index, the forum as a card with its logo, account, status, budget and actions.

test.skip(({ extensionBrowser }) => extensionBrowser !== 'chromium', 'axe and colour schemes run in Chromium');

test('options: sections as cards with an index, the forum as a card (logo or letter, account, status, budget, Disconnect apart); axe finds nothing serious, light and dark', async ({
  extension,
  sandbox: start,
}) => {
  const sandbox = await start();
  const options = await extension.openPage('src/options/index.html');
  await seedConnection(options, sandbox);
  const page = await extension.openPage('src/options/index.html');
  await page.resize(1200, 900);
  await page.waitFor('[data-testid=forum-list] li [data-testid=budget-chart]', 15_000);
  const layout = await page.evaluate(() => ({
    cards: [...document.querySelectorAll('section.card > header h2')].map((h) => h.textContent),
    intros: document.querySelectorAll('section.card > header p').length,
    index: [...document.querySelectorAll('.section-index a')].map((a) => a.getAttribute('href')),
    indexSticky: getComputedStyle(document.querySelector('.section-index')!).position,
    logo: document.querySelector('[data-testid=forum-list] li .forum-title .avatar')?.textContent,
    lastAction: document.querySelector('[data-testid=forum-list] li .actions button:last-child')?.className,
  }));
  expect(layout.cards).toHaveLength(4);
  expect(layout.intros).toBe(4);
  expect(layout.index).toEqual(['#forums', '#page-tools', '#notifications', '#about']);
  expect(layout.indexSticky).toBe('sticky');
  expect(layout.logo).toBe('S'); // the sandbox sends no logo: the forum's initial stands in
  expect(layout.lastAction).toBe('danger');
  for (const scheme of ['light', 'dark'] as const) {
    await page.colorScheme(scheme);
    const serious = await seriousIssues(page);
    expect(serious, `${scheme}: ${serious.join(', ')}`).toEqual([]);
    await page.screenshot(`options-${scheme}`);
  }
});
