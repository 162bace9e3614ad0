import { resolve } from 'node:path';
import puppeteer, { type Browser, type KeyInput, type Page } from 'puppeteer-core';
import { findBrowser } from '../../../scripts/browsers.mjs';
import { pollText, type ExtensionPage, type ExtensionSession } from './extensionPage';

const DIST = resolve('dist/e2e-firefox');

/**
 * Firefox over WebDriver BiDi. puppeteer cannot navigate to moz-extension:// URLs itself, so the
 * extension's own first-run tab (options, opened by `runtime.onInstalled`) opens further pages.
 */
export async function launchFirefox(): Promise<ExtensionSession> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findBrowser('firefox'),
    headless: true,
    extraPrefsFirefox: {
      // Keep the closed network quiet and startup fast.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'extensions.getAddons.cache.enabled': false,
    },
  });
  const extensionId = await browser.installExtension(DIST);
  const home = await findPage(browser, (href) => /^moz-extension:\/\/[^/]+\/src\/options\/index\.html/.test(href));
  // Node's URL gives moz-extension: URLs an opaque "null" origin; the page knows its own.
  const origin = await home.evaluate(() => location.origin);

  async function openTab(url: string) {
    const before = new Set(await browser.pages());
    // window.open without a user gesture is blocked; an extension page may use tabs.create.
    await home.evaluate(
      (target) =>
        void (
          globalThis as unknown as { browser: { tabs: { create(o: object): Promise<unknown> } } }
        ).browser.tabs.create({ url: target }),
      url,
    );
    const page = await findPage(browser, (href) => href === url, before);
    await page.waitForFunction(() => document.readyState === 'complete');
    return wrap(page);
  }

  return {
    browserName: 'firefox',
    extensionId,
    openPage: (path) => openTab(`${origin}/${path}`),
    openTab,
    async freezeTime() {
      throw new Error('Looks are compared in Chromium.');
    },
    async killWorker() {
      throw new Error('Firefox keeps an event page; killing it is covered in Chromium.');
    },
    async waitForTab(match, timeoutMs = 15_000) {
      return wrap(await findPage(browser, (href) => match.test(href), new Set(), timeoutMs));
    },
    close: () => browser.close(),
  };
}

/**
 * Over BiDi, puppeteer keeps reporting `about:blank` for tabs that extension code navigated, so
 * pages are found by asking each one where it is.
 */
async function findPage(
  browser: Browser,
  matches: (href: string) => boolean,
  exclude = new Set<Page>(),
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const page of await browser.pages()) {
      if (exclude.has(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (matches(href)) return page;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Firefox: no extension page appeared within ${timeoutMs} ms (No tab matched)`);
}

function wrap(page: Page): ExtensionPage {
  return {
    url: () => page.url(), // may be stale over BiDi; evaluate location.href when it matters
    click: async (selector) => {
      await page.waitForSelector(selector, { timeout: 10_000 });
      await page.click(selector);
    },
    fill: async (selector, value) => {
      await page.waitForSelector(selector, { timeout: 10_000 });
      // Cleared as a user would: with an input event, or a controlled field (Preact state) puts
      // the old value back on its next render and the typing lands after it.
      await page.$eval(selector, (el) => {
        (el as HTMLInputElement).value = '';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await page.type(selector, value);
    },
    press: (key) => page.keyboard.press(key as KeyInput),
    type: (text) => page.keyboard.type(text),
    waitForText: (selector, pattern, timeoutMs = 10_000) =>
      pollText(() => page.$eval(selector, (el) => el.textContent ?? ''), pattern, selector, timeoutMs),
    evaluate: (fn) => page.evaluate(fn),
    evaluateWith: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
    waitFor: async (selector, timeoutMs = 10_000) =>
      void (await page.waitForSelector(selector, { timeout: timeoutMs })),
    count: async (selector) => (await page.$$(selector)).length,
    href: () => page.evaluate(() => location.href),
    acceptDialogs: () => void page.on('dialog', (dialog) => void dialog.accept()),
    resize: (width, height) => page.setViewport({ width, height }),
    colorScheme: async (scheme) =>
      void (await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]).catch(() => undefined)),
    async screenshot(name) {
      const path = `test-results/firefox-${name}.png`;
      await page.screenshot({ path: path as `${string}.png` });
      return path;
    },
    async matchesLook() {
      throw new Error('Looks are compared in Chromium.');
    },
    close: () => page.close(),
    closed: async () => page.isClosed(),
  };
}
