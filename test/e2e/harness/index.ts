import { test as base } from '@playwright/test';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { ExtensionSession } from './extensionPage';
import { sandboxForum, type Sandbox } from './sandbox';

export type { ExtensionPage, ExtensionSession } from './extensionPage';
export { expect } from '@playwright/test';

/**
 * `test` with an `extension` fixture: the built extension loaded in the project's browser
 * (see playwright.config.ts). A case written with it runs in Chromium and in Firefox.
 */
export const test = base.extend<
  { extension: ExtensionSession; sandbox: (patch?: Parameters<typeof sandboxForum>[0]) => Promise<Sandbox> },
  { extensionBrowser: 'chromium' | 'firefox' }
>({
  extensionBrowser: ['chromium', { option: true, scope: 'worker' }],
  /** Starts sandbox forums for this test (with the given settings) and closes them after it. */
  sandbox: async ({}, use) => {
    const started: Sandbox[] = [];
    await use(async (patch = {}) => {
      const forum = await sandboxForum(patch);
      started.push(forum);
      return forum;
    });
    await Promise.all(started.map((forum) => forum.close()));
  },
  extension: async ({ extensionBrowser }, use) => {
    const session = extensionBrowser === 'firefox' ? await launchFirefox() : await launchChromium();
    try {
      await use(session);
    } finally {
      await session.close();
    }
  },
});
