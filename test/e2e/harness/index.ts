import { test as base } from '@playwright/test';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { ExtensionSession } from './extensionPage';

export type { ExtensionPage, ExtensionSession } from './extensionPage';
export { expect } from '@playwright/test';

/**
 * `test` with an `extension` fixture: the built extension loaded in the project's browser
 * (see playwright.config.ts). A case written with it runs in Chromium and in Firefox.
 */
export const test = base.extend<{ extension: ExtensionSession }, { extensionBrowser: 'chromium' | 'firefox' }>({
  extensionBrowser: ['chromium', { option: true, scope: 'worker' }],
  extension: async ({ extensionBrowser }, use) => {
    const session = extensionBrowser === 'firefox' ? await launchFirefox() : await launchChromium();
    try {
      await use(session);
    } finally {
      await session.close();
    }
  },
});
