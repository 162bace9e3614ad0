import { expect, test } from './harness';
import { sandboxForum, seedConnection, type Sandbox } from './harness/sandbox';

// The popup: one inbox for every forum, topics, and a composer that never loses a draft.
let sandboxes: Sandbox[] = [];
test.afterEach(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  sandboxes = [];
});
async function forum(patch: Parameters<typeof sandboxForum>[0] = {}) {
  const sandbox = await sandboxForum({ limits: { createPostSeconds: 0, createTopicSeconds: 0 }, ...patch });
  sandboxes.push(sandbox);
  return sandbox;
}

test('the inbox merges two forums, newest first, and paints from cache', async ({ extension }) => {
  const first = await forum({ title: 'First Forum' });
  const second = await forum({ title: 'Second Forum' });
  const options = await extension.openPage('src/options/index.html');
  await seedConnection(options, first);
  await seedConnection(options, second);
  await second.control('POST', '/notifications', { username: 'tess', type: 'mentioned', actor: 'priya' });
  const popup = await extension.openPage('src/popup/index.html');
  await popup.waitFor('[data-testid=notification]', 15_000);
  await popup.waitForText('main.popup', /First Forum[\s\S]*Second Forum/);
  await popup.waitFor('[data-testid=notification][data-forum*="127.0.0.1"]');
  const forumsInList = await popup.evaluate(() => [...new Set([...document.querySelectorAll('[data-testid=notification]')].map((li) => li.getAttribute('data-forum')))]);
  expect(forumsInList).toHaveLength(2);
  // The newest is the mention just made on the second forum.
  expect(await popup.evaluate(() => document.querySelector('[data-testid=notification]')!.getAttribute('data-forum'))).toContain(String(new URL(second.url).port));
  await popup.screenshot('popup-inbox');
});
