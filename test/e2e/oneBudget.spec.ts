import { expect, test } from './harness';
import { deviceFlow } from './harness/sandbox';

// One budget per key (issue 11): everything the extension sends with a forum's key, from
// connecting to live updates and writing, at Discourse's default limits, draws no 429.

test.describe('in Chromium', () => {
  test.skip(({ extensionBrowser }) => extensionBrowser !== 'chromium', 'one browser is enough to count requests');

  test('a busy first session on a forum without MessageBus: connect, inbox, topics, two quick replies, reopen: 0 per-key and 0 per-action 429s', async ({
    extension,
    sandbox: forum,
  }) => {
    test.setTimeout(120_000);
    const sandbox = await forum({ noMessageBus: true });
    const options = await extension.openPage('src/options/index.html');
    await deviceFlow(extension, options, sandbox);
    await options.waitForText('[data-testid=forum-status]', /Connected as tess/, 20_000);

    let popup = await extension.openPage('src/popup/index.html');
    await popup.waitFor('[data-testid=notification]', 15_000);
    await popup.click(
      `[data-scope="${await popup.evaluate(() => document.querySelectorAll('.forum-switcher button')[1]!.getAttribute('data-scope'))}"]`,
    );
    await popup.click('[data-tab=topics]');
    await popup.waitFor('[data-testid=topic] .row-action');
    await popup.click('[data-testid=topic] .row-action');
    for (const text of [
      'A first quick reply from the extension popup.',
      'A second quick reply, sent right after the first.',
    ]) {
      await popup.fill('textarea[name=raw]', text);
      await popup.click('form.composer button.primary');
      await popup.waitFor('[data-testid=compose-sent]', 20_000);
      await popup.waitFor('textarea[name=raw]');
    }
    expect(sandbox.forum.store.posts.slice(-2).map((p) => p.raw)).toEqual([
      'A first quick reply from the extension popup.',
      'A second quick reply, sent right after the first.',
    ]);
    await popup.close();
    popup = await extension.openPage('src/popup/index.html');
    await popup.waitFor('[data-testid=notification]', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const withKey = sandbox.forum.log.filter((e) => e.auth === 'user_api_key');
    const limited = withKey
      .filter((e) => e.status === 429)
      .map((e) => `${e.method} ${e.path} ${e.rateLimitCode ?? ''}`);
    console.log(
      `requests with the key: ${withKey.length}; MessageBus polls: ${withKey.filter((e) => e.path.includes('/message-bus/')).length}`,
    );
    expect(limited).toEqual([]);
    // A forum without MessageBus is asked once, then left alone (for a day).
    expect(withKey.filter((e) => e.path.includes('/message-bus/'))).toHaveLength(1);
  });
});
