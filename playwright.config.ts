import { defineConfig } from '@playwright/test';

// Both browsers load the built extension (dist/); `npm test` builds before it runs these.
export default defineConfig<object, { extensionBrowser: 'chromium' | 'firefox' }>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  // The accepted looks (test/e2e/looks.spec.ts): a changed layout fails; `npm run looks:accept` takes the new one.
  snapshotPathTemplate: '{testDir}/looks/{arg}{ext}',
  expect: { toHaveScreenshot: { maxDiffPixelRatio: 0.002, animations: 'disabled', caret: 'hide', scale: 'css' } },
  projects: [
    { name: 'chromium', use: { extensionBrowser: 'chromium' } },
    { name: 'firefox', use: { extensionBrowser: 'firefox' } },
  ],
});
