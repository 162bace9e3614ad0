import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { findBrowser } from '../../../scripts/browsers.mjs';
import { pollText, type ExtensionPage, type ExtensionSession } from './extensionPage';

const DIST = resolve('dist/chrome');

export async function launchChromium(): Promise<ExtensionSession> {
  const profile = mkdtempSync(join(tmpdir(), 'companion-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findBrowser('chromium'),
    headless: true,
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;

  return {
    browserName: 'chromium',
    extensionId,
    async openPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return wrap(page);
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function wrap(page: Page): ExtensionPage {
  return {
    url: () => page.url(),
    click: (selector) => page.locator(selector).first().click(),
    fill: (selector, value) => page.locator(selector).first().fill(value),
    waitForText: (selector, pattern, timeoutMs = 10_000) =>
      pollText(() => page.locator(selector).first().textContent({ timeout: 1_000 }), pattern, selector, timeoutMs),
    evaluate: (fn) => page.evaluate(fn),
    async screenshot(name) {
      const path = `test-results/chromium-${name}.png`;
      await page.screenshot({ path });
      return path;
    },
    close: () => page.close(),
  };
}
