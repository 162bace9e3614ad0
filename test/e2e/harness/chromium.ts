import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';
import { findBrowser } from '../../../scripts/browsers.mjs';
import { pollText, type ExtensionPage, type ExtensionSession } from './extensionPage';

/**
 * `profile`: a user-data folder to reuse (a browser restart); the caller removes it. `lang`: the
 * browser's language (`--lang`), which picks the extension's messages even where the browser ships
 * no translation of its own (Debian's Chromium has only en-US).
 */
export async function launchChromium({
  dist = resolve('dist/e2e-chrome'),
  headless = true,
  profile: reuse = '',
  lang = '',
} = {}): Promise<ExtensionSession & { context: BrowserContext }> {
  const profile = reuse || mkdtempSync(join(tmpdir(), 'companion-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findBrowser('chromium'),
    headless,
    viewport: headless ? { width: 1280, height: 720 } : null,
    ...(lang ? { locale: lang } : {}),
    // Post actions copy to the clipboard; tests read it back from there.
    permissions: ['clipboard-read', 'clipboard-write'],
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
      ...(lang ? [`--lang=${lang}`] : []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  // Let the first-run options tab (runtime.onInstalled) open before tests open their own pages,
  // or Chrome may steer a test's navigation into it.
  const firstRun = `chrome-extension://${extensionId}/src/options/index.html`;
  for (let i = 0; i < 50 && !context.pages().some((p) => p.url().startsWith(firstRun)); i++)
    await new Promise((r) => setTimeout(r, 100));

  return {
    context,
    browserName: 'chromium',
    extensionId,
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return wrap(page);
    },
    async openTab(url) {
      const page = await context.newPage();
      await page.goto(url);
      return wrap(page);
    },
    freezeTime: (at) => context.clock.setFixedTime(at),
    async killWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
    },
    async waitForTab(match, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const page = context.pages().find((p) => match.test(p.url()));
        if (page) return wrap(page);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(
        `No tab matching ${match} within ${timeoutMs} ms (tabs: ${context
          .pages()
          .map((p) => p.url())
          .join(', ')})`,
      );
    },
    async close() {
      await context.close();
      if (!reuse) rmSync(profile, { recursive: true, force: true });
    },
  };
}

function wrap(page: Page): ExtensionPage {
  return {
    url: () => page.url(),
    click: (selector) => page.locator(selector).first().click(),
    fill: (selector, value) => page.locator(selector).first().fill(value),
    press: (key) => page.keyboard.press(key),
    type: (text) => page.keyboard.type(text),
    waitForText: (selector, pattern, timeoutMs = 10_000) =>
      pollText(() => page.locator(selector).first().textContent({ timeout: 1_000 }), pattern, selector, timeoutMs),
    evaluate: (fn) => page.evaluate(fn),
    evaluateWith: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
    waitFor: async (selector, timeoutMs = 10_000) =>
      void (await page.locator(selector).first().waitFor({ state: 'attached', timeout: timeoutMs })),
    count: (selector) => page.locator(selector).count(),
    href: async () => page.url(),
    acceptDialogs: () => void page.on('dialog', (dialog) => void dialog.accept()),
    colorScheme: (scheme) => page.emulateMedia({ colorScheme: scheme }),
    resize: (width, height) => page.setViewportSize({ width, height }),
    async screenshot(name) {
      const path = `test-results/chromium-${name}.png`;
      await page.screenshot({ path });
      return path;
    },
    async matchesLook(name, { hide = [] } = {}) {
      const updating = test.info().config.updateSnapshots;
      if (updating === 'all' || updating === 'changed')
        await page.screenshot({ path: `docs/${name}.png`, animations: 'disabled', caret: 'hide' });
      const hidden = hide.length
        ? await page.addStyleTag({ content: `${hide.join(', ')} { visibility: hidden !important; }` })
        : null;
      await expect(page).toHaveScreenshot(`${name}.png`);
      await hidden?.evaluate((tag) => (tag as HTMLElement).remove());
    },
    close: () => page.close(),
    closed: async () => page.isClosed(),
  };
}
