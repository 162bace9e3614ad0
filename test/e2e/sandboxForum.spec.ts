import { chromium } from '@playwright/test';
import { expect, test } from './harness';
import { findBrowser } from '../../scripts/browsers.mjs';
import { Forum } from '../forum/forum';

// The sandbox forum's own pages in a real browser: Discourse-style in-app navigation, which the
// content scripts must survive. Browser-independent, so it runs once.
test('the sandbox forum navigates in-app: pushState and a swapped #main-outlet, no page load', async ({
  extensionBrowser,
}) => {
  test.skip(extensionBrowser !== 'chromium', 'page behaviour, checked once');
  const forum = new Forum({ limits: { limitLoopback: false } });
  const url = await forum.listen(0);
  const browser = await chromium.launch({
    executablePath: findBrowser('chromium'),
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}/latest`);
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'same document'));
    const firstRow = page.locator('tr.topic-list-item a.title').first();
    const title = await firstRow.textContent();
    await firstRow.click();
    await expect(page.locator('#topic-title h1 a.fancy-title')).toHaveText(title!);
    expect(new URL(page.url()).pathname).toMatch(/^\/t\/[^/]+\/\d+/);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same document');
    await page.goBack();
    await expect(page.locator('tr.topic-list-item').first()).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same document');
  } finally {
    await browser.close();
    await forum.close();
  }
});
