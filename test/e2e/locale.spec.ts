import { expect, test } from './harness';
import { launchChromium } from './harness/chromium';
import { openConnectedPopup } from './harness/sandbox';

// The extension in a Chinese browser: every word the user reads, whoever composed it (the popup,
// the background's notification titles, the toolbar tooltip), is Simplified Chinese.

test.skip(
  ({ extensionBrowser }) => extensionBrowser !== 'chromium',
  'Firefox answers in its own UI language, and Debian ships firefox-esr without a Chinese language pack',
);

test('zh_CN: the popup, the background’s notification texts, relative times, the toolbar tooltip and the key list are Chinese', async ({
  sandbox: start,
}) => {
  const sandbox = await start();
  const chinese = await launchChromium({ lang: 'zh-CN' });
  try {
    const { popup, options } = await openConnectedPopup(chinese, sandbox);
    await popup.resize(420, 600);
    expect(await popup.evaluate(() => document.querySelector('[data-tab=inbox]')!.textContent)).toBe('收件箱');
    expect(await popup.evaluate(() => document.querySelector('[data-testid=mark-all-read]')!.textContent)).toBe(
      '全部标记为已读',
    );
    // Composed by the background: the kind of each notification, and "liked 4 of your posts".
    const meta = await popup.evaluate(() =>
      [...document.querySelectorAll('[data-testid=notification] .meta')].map((el) => el.textContent!).join('\n'),
    );
    expect(meta).toMatch(/赞了您的帖子/);
    expect(meta).toMatch(/小时前/);
    const titles = await popup.evaluate(() =>
      [...document.querySelectorAll('[data-testid=notification] .title')].map((el) => el.textContent!).join('\n'),
    );
    expect(titles).toMatch(/赞了您的 \d+ 个帖子/);
    expect(titles).not.toMatch(/liked \d+ of your posts/);
    const tooltip = await popup.evaluate(() =>
      (
        globalThis as unknown as { chrome: { action: { getTitle(d: object): Promise<string> } } }
      ).chrome.action.getTitle({}),
    );
    expect(tooltip).toMatch(/Sandbox Community：\d+ 条未读/);
    await popup.screenshot('popup-zh_CN');
    await popup.press('?');
    await popup.waitForText('dialog[open] h2', /^键盘快捷键$/);
    await popup.press('Escape');
    expect(await options.evaluate(() => document.querySelector('h1')!.textContent)).toMatch(/[\u4e00-\u9fff]/);
  } finally {
    await chinese.close();
  }
});
