import { expect, test as base, type ExtensionPage } from './harness';
import { editInComposer, openConnectedPopup, seedConnection } from './harness/sandbox';
import { seriousIssues } from './harness/axe';

// The popup: one inbox for every forum, topics, and a composer that never loses a draft.

/** Chrome's extension API as the page sees it, for the few calls these tests make directly. */
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  notifications: { getAll(): Promise<Record<string, boolean>>; clear(id: string): Promise<boolean> };
};
/** Here the sandbox has per-action limits off, so one test can post several times. */
const test = base.extend({
  sandbox: async ({ sandbox }, use) => {
    await use((patch = {}) =>
      sandbox({ ...patch, limits: { createPostSeconds: 0, createTopicSeconds: 0, ...(patch.limits ?? {}) } }),
    );
  },
});

test('the inbox merges two forums, newest first, and paints from cache', async ({ extension, sandbox: forum }) => {
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
  const forumsInList = await popup.evaluate(() => [
    ...new Set([...document.querySelectorAll('[data-testid=notification]')].map((li) => li.getAttribute('data-forum'))),
  ]);
  expect(forumsInList).toHaveLength(2);
  // The newest is the mention just made on the second forum.
  expect(
    await popup.evaluate(() => document.querySelector('[data-testid=notification]')!.getAttribute('data-forum')),
  ).toContain(String(new URL(second.url).port));
  await popup.screenshot('popup-inbox');
});

const badge = (page: import('./harness').ExtensionPage) =>
  page.evaluate(() => {
    const scope = globalThis as unknown as {
      browser?: { action: { getBadgeText(d: object): Promise<string> } };
      chrome: { action: { getBadgeText(d: object): Promise<string> } };
    };
    return (scope.browser ?? scope.chrome).action.getBadgeText({});
  });

test('the badge is the forum’s bell; opening one marks it read, and "mark all read" still marks the rows the bell no longer counts', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum();
  const { popup } = await openConnectedPopup(extension, sandbox, '[data-testid=notification][data-read=false]');
  await popup.waitForText('main.popup', /./);
  const tess = sandbox.forum.store.userByName('tess')!;
  const bell = () => sandbox.forum.store.unreadCounts(tess.id).all;
  const unreadRows = () => sandbox.forum.store.notifications.filter((n) => n.userId === tess.id && !n.read).length;
  const before = unreadRows();
  await expect.poll(() => badge(popup), { timeout: 10_000 }).toBe(String(bell()));
  // Opening a notification marks it read on the forum; Discourse's mark-read also moves
  // seen_notification_id, so the forum's bell (and the badge with it) goes to 0.
  const firstId = Number(
    await popup.evaluate(() =>
      document.querySelector('[data-testid=notification][data-read=false]')!.getAttribute('data-row-index'),
    ),
  );
  await popup.click(`[data-testid=notification][data-row-index="${firstId}"] .row-main`);
  await expect.poll(unreadRows, { timeout: 10_000 }).toBe(before - 1);
  await expect.poll(() => badge(popup), { timeout: 10_000 }).toBe(bell() ? String(bell()) : '');
  // Rows are still unread although the bell says 0: "mark all read" marks them all.
  expect(unreadRows()).toBeGreaterThan(0);
  await popup.click('[data-testid=mark-all-read]');
  await expect.poll(unreadRows, { timeout: 10_000 }).toBe(0);
  await expect.poll(() => badge(popup), { timeout: 10_000 }).toBe('');
});

test('after the user opens the forum’s own notification menu, the badge and the popup agree with its bell', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum();
  const { popup } = await openConnectedPopup(extension, sandbox, '[data-testid=notification][data-read=false]');
  const tess = sandbox.forum.store.userByName('tess')!;
  expect(sandbox.forum.store.unreadCounts(tess.id).all).toBeGreaterThan(0);
  await expect.poll(() => badge(popup)).toBe(String(sandbox.forum.store.unreadCounts(tess.id).all));
  // The forum's user menu asks for the recent list without `silent`: Discourse moves seen_notification_id.
  const key = sandbox.forum.store.addUserApiKey({
    userId: tess.id,
    clientId: 'browser-tab',
    applicationName: 'the forum tab',
    scopes: ['read'],
    push: false,
    expiresAt: null,
  }).key;
  await fetch(`${sandbox.url}/notifications.json?recent=true&limit=15`, {
    headers: { 'User-Api-Key': key, 'User-Api-Client-Id': 'browser-tab' },
  });
  expect(sandbox.forum.store.unreadCounts(tess.id).all).toBe(0);
  // The extension's own reads are silent and never moved it. Reopening within a minute of the
  // last poll costs no request (the counts stand); "Refresh now" asks the forum.
  await popup.close();
  const again = await extension.openPage('src/popup/index.html');
  await again.waitFor('[data-testid=notification][data-read=false]', 15_000);
  const asked = sandbox.forum.log.length;
  await again.waitFor('main[data-refreshing=false]');
  expect(sandbox.forum.log.slice(asked).filter((e) => e.path.startsWith('/notifications/totals'))).toEqual([]);
  await again.click('[data-testid=refresh-now]');
  await expect.poll(() => badge(again), { timeout: 10_000 }).toBe('');
  await expect.poll(() => again.count('.forum-switcher .count'), { timeout: 10_000 }).toBe(0);
});

test('admin: the composer’s Notification kind notifies a member about a pasted post link, with the admin key only', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum();
  const store = sandbox.forum.store;
  const { options, popup } = await openConnectedPopup(extension, sandbox);
  const forumId = await options.evaluate(
    async () =>
      ((await chrome.runtime.sendMessage({ type: 'forums.list' })) as { data: { forums: { id: string }[] } }).data
        .forums[0]!.id,
  );
  const set = await options.evaluateWith((m: object) => chrome.runtime.sendMessage(m), {
    type: 'forums.setAdminKey',
    forumId,
    key: sandbox.forum.accounts.adminApiKey,
    username: 'ada',
  });
  expect((set as { ok: boolean }).ok).toBe(true);
  await popup.close();
  const again = await extension.openPage('src/popup/index.html');
  await again.waitFor('main[data-refreshing=false] [data-testid=notification]', 15_000);
  await again.click('[data-tab=compose]');
  await again.waitFor('select[name=kind] option[value=notification]');
  await again.evaluate(() => {
    const kind = document.querySelector<HTMLSelectElement>('select[name=kind]')!;
    kind.value = 'notification';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await again.waitFor('[data-testid=notify-form]');
  const topic = store.topics.find(
    (t) =>
      t.archetype === 'regular' && !store.categoryById(t.categoryId)!.readRestricted && store.postsOf(t.id).length >= 3,
  )!;
  await again.fill('[data-testid=notify-form] input[name=username]', 'kenji');
  await again.fill('[data-testid=notify-form] input[name=link]', 'https://elsewhere.example/t/x/1/2');
  await again.click('[data-testid=notify-form] button[type=submit]');
  await again.waitForText('[data-testid=notify-error]', /not a link to a topic or post of/);
  await again.fill('[data-testid=notify-form] input[name=link]', `${sandbox.url}/t/${topic.slug}/${topic.id}/3?u=tess`);
  const logged = sandbox.forum.log.length;
  await again.click('[data-testid=notify-form] button[type=submit]');
  await again.waitForText('[data-testid=notify-sent]', /Notified @kenji/);
  const kenji = store.userByName('kenji')!;
  expect(store.notifications.filter((n) => n.userId === kenji.id).sort((a, b) => b.id - a.id)[0]).toMatchObject({
    notificationType: 1,
    topicId: topic.id,
    postNumber: 3,
    data: { display_username: 'ada' },
  });
  const create = sandbox.forum.log
    .slice(logged)
    .find((e) => e.method === 'POST' && e.path.startsWith('/notifications'))!;
  expect(create.auth).toBe('admin_api_key');
});

test('reply, new topic and edit land on the forum; an edit conflict shows both versions', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum();
  const store = sandbox.forum.store;
  const { popup } = await openConnectedPopup(extension, sandbox, '[data-testid=notification] .row-action');
  // Reply from a notification.
  const topicTitle = await popup.evaluate(
    () => document.querySelector('[data-testid=notification] .title')!.textContent!,
  );
  await popup.click('[data-testid=notification] .row-action');
  await popup.waitForText('[data-testid=replying-to]', /Replying to/);
  await popup.fill('textarea[name=raw]', 'A reply written in the popup of the extension.');
  await popup.click('form.composer button.primary');
  await popup.waitFor('[data-testid=compose-sent]');
  const reply = store.posts.at(-1)!;
  expect(reply.raw).toBe('A reply written in the popup of the extension.');
  expect(store.topicById(reply.topicId)!.title).toBe(topicTitle);
  // A new topic in a category.
  await popup.evaluate(() => {
    const kind = document.querySelector<HTMLSelectElement>('select[name=kind]')!;
    kind.value = 'topic';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await popup.fill('input[name=title]', 'A brand new topic from the popup');
  await popup.fill('textarea[name=raw]', 'The first post of a topic started in the extension.');
  await popup.click('form.composer button.primary');
  await popup.waitFor('[data-testid=compose-sent]');
  expect(store.topics.at(-1)!.title).toBe('A brand new topic from the popup');
  // Edit that first post, then again after someone else changed it: a conflict.
  const post = store.posts.at(-1)!;
  const topic = store.topicById(post.topicId)!;
  await editInComposer(popup, `${sandbox.url}/t/${topic.slug}/${topic.id}/1`);
  await popup.waitForText('textarea[name=raw]', /^$|./);
  await expect
    .poll(() => popup.evaluate(() => (document.querySelector('textarea[name=raw]') as HTMLTextAreaElement).value))
    .toBe(post.raw);
  await popup.fill('textarea[name=raw]', 'The first post, edited from the extension popup.');
  store.postById(post.id)!.raw = 'Someone else changed this post meanwhile on the forum.';
  await popup.click('form.composer button.primary');
  await popup.waitForText('[data-testid=their-version]', /Someone else changed this post/);
  await popup.click('.conflict button');
  await popup.click('form.composer button.primary');
  await popup.waitFor('[data-testid=compose-sent]');
  expect(store.postById(post.id)!.raw).toBe('The first post, edited from the extension popup.');
});

const ask = (page: ExtensionPage, message: object) =>
  page.evaluateWith((m: object) => chrome.runtime.sendMessage(m) as Promise<{ ok: boolean; data: unknown }>, message);

test('a reply the forum holds for a moderator: the popup says it waits for approval, links nowhere, keeps no draft, and nothing is published', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum();
  const store = sandbox.forum.store;
  const { popup } = await openConnectedPopup(extension, sandbox, '[data-testid=notification] .row-action');
  const topicTitle = await popup.evaluate(
    () => document.querySelector('[data-testid=notification] .title')!.textContent!,
  );
  // The topic's category holds new posts for review (CategorySetting require_reply_approval).
  const topic = store.topics.find((t) => t.title === topicTitle)!;
  store.categoryById(topic.categoryId)!.requireApproval = true;
  const published = store.posts.length;
  await popup.click('[data-testid=notification] .row-action');
  await popup.waitForText('[data-testid=replying-to]', /Replying to/);
  await popup.fill('textarea[name=raw]', 'A reply the forum will hold for a moderator to approve.');
  await popup.click('form.composer button.primary');
  await popup.waitForText('[data-testid=compose-queued]', /approve/i);
  expect(await popup.count('[data-testid=compose-queued] a')).toBe(0);
  expect(store.posts.length).toBe(published);
  expect(store.pendingPosts.map((p) => p.raw)).toEqual(['A reply the forum will hold for a moderator to approve.']);
  // Sent is sent: no draft is left to send twice.
  const drafts = (await ask(popup, { type: 'drafts.list' })).data as { drafts: { raw: string }[] };
  expect(drafts.drafts.filter((d) => d.raw.includes('hold for a moderator'))).toEqual([]);
});

test('topics: a category filter lists only that category’s topics (subcategories included)', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum();
  const { popup } = await openConnectedPopup(extension, sandbox);
  await popup.click(
    `[data-scope="${await popup.evaluate(() => document.querySelectorAll('.forum-switcher button')[1]!.getAttribute('data-scope'))}"]`,
  );
  await popup.click('[data-tab=topics]');
  await popup.waitFor('[data-testid=topic]');
  const support = sandbox.forum.store.categories.find((c) => c.slug === 'support')!;
  await popup.evaluateWith((id: number) => {
    const select = document.querySelector<HTMLSelectElement>('select[name=category]')!;
    select.value = String(id);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }, support.id);
  const family = ['Installation', 'Support', 'Troubleshooting'];
  await expect
    .poll(async () => {
      const names = await popup.evaluate(() => [
        ...new Set([...document.querySelectorAll('[data-testid=topic] .category')].map((c) => c.textContent!)),
      ]);
      return names.length > 0 && names.every((n) => family.includes(n));
    })
    .toBe(true);
});

test('live: while the popup is open, a new mention appears without reopening it (MessageBus)', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum();
  const { popup } = await openConnectedPopup(extension, sandbox);
  // MessageBus starts once the popup has stayed open a moment (a glance costs no long poll).
  await expect
    .poll(() => sandbox.forum.log.filter((e) => e.path.includes('/message-bus/')).length, { timeout: 10_000 })
    .toBeGreaterThan(1);
  const topic = sandbox.forum.store.topics.find(
    (t) =>
      t.userId === 3 && t.archetype === 'regular' && !sandbox.forum.store.categoryById(t.categoryId)!.readRestricted,
  )!;
  await sandbox.control('POST', '/posts', {
    username: 'kenji',
    topic_id: topic.id,
    raw: 'Live ping for @tess from the MessageBus test.',
  });
  await popup.waitForText('[data-testid=notification] .meta', /^kenji/, 10_000);
  const polls = sandbox.forum.log.filter((e) => e.path.includes('/message-bus/'));
  expect(polls.length).toBeGreaterThan(0);
});

test('offline: the popup shows the cached inbox in an offline state', async ({ extension, sandbox: forum }) => {
  const sandbox = await forum();
  let { popup } = await openConnectedPopup(extension, sandbox);
  const count = await popup.count('[data-testid=notification]');
  await popup.close();
  await sandbox.close();
  popup = await extension.openPage('src/popup/index.html');
  // Counts polled a moment ago stand without a request; asking again finds the forum gone.
  await popup.click('[data-testid=refresh-now]');
  await popup.waitFor('[data-testid=problem]', 15_000);
  expect(
    await popup.evaluate(() => document.querySelector('[data-testid=problem]')!.getAttribute('data-kind')),
  ).toMatch(/Network|Offline/);
  expect(await popup.count('[data-testid=notification]')).toBe(count);
  // The badge says why it cannot be right, and its tooltip names the forum.
  await expect.poll(() => badge(popup)).toBe('off');
  expect(
    await popup.evaluate(() =>
      (chrome as unknown as { action: { getTitle(d: object): Promise<string> } }).action.getTitle({}),
    ),
  ).toMatch(/Sandbox Community: cannot reach the forum/);
  await popup.screenshot('popup-offline');
});

test('rows say who did what, with the avatar the forum sends (show_user_menu_avatars), else a letter mark', async ({
  extension,
  sandbox: forum,
}) => {
  const withAvatars = await forum({ showUserMenuAvatars: true });
  const { popup } = await openConnectedPopup(extension, withAvatars);
  const row = () =>
    popup.evaluate(() => {
      const li = document.querySelector('[data-testid=notification]')!;
      const img = li.querySelector<HTMLImageElement>('img.avatar');
      return {
        src: img?.getAttribute('src') ?? null,
        loaded: (img?.naturalWidth ?? 0) > 0,
        byline: li.querySelector('.byline')!.textContent!,
        letter: li.querySelector('.avatar.letter')?.textContent ?? null,
      };
    });
  const first = await row();
  expect(first.src).toMatch(
    new RegExp(`^${withAvatars.origin.replace(/[.]/g, '\\.')}/letter_avatar_proxy/v4/letter/\\w/\\w+/48\\.png$`),
  );
  await expect.poll(async () => (await row()).loaded).toBe(true);
  expect(first.byline).toMatch(
    /^\w+( and \d+ others)? (liked your posts?|replied|mentioned you|quoted you|edited your post|posted|started a topic|sent you a message)$/,
  );
  // A forum that sends no avatar (Discourse's default): the actor's initial stands in, no request.
  const plain = await forum({ title: 'Plain Forum' });
  const { popup: second } = await openConnectedPopup(extension, plain);
  await second.click(`[data-scope="${plain.url.replace(/^https?:\/\//, '').replace(/[^a-z0-9.-]+/gi, '_')}"]`);
  const letterRow = await second.evaluate(() => {
    const li = document.querySelector('[data-testid=notification]')!;
    return {
      img: !!li.querySelector('img.avatar'),
      letter: li.querySelector('.avatar.letter')?.textContent ?? '',
      actor: li.querySelector('.byline')!.textContent!,
    };
  });
  expect(letterRow.img).toBe(false);
  expect(letterRow.letter).toBe(letterRow.actor[0]!.toUpperCase());
});

test('a 429 from the forum: the popup and the badge tooltip say until when, the inbox stays, and Retry is not offered before then', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum();
  const { popup } = await openConnectedPopup(extension, sandbox);
  const count = await popup.count('[data-testid=notification]');
  // The key's daily limit, as Discourse sends it: 429, error_type rate_limit, wait_seconds, Retry-After.
  await sandbox.control('POST', '/faults', {
    kind: 'rate-limit',
    path: '/notifications',
    retryAfterSeconds: 3600,
    code: 'user_api_key_limiter_1_day',
  });
  await popup.click('[data-testid=refresh-now]');
  const text = await popup.waitForText('[data-testid=problem][data-kind=RateLimited]', /\d/, 15_000);
  expect(text).toMatch(/Rate-limited by the forum until /);
  expect(await popup.count('[data-testid=problem] button')).toBe(0);
  expect(await popup.count('[data-testid=notification]')).toBe(count);
  const title = () =>
    popup.evaluate(() =>
      (chrome as unknown as { action: { getTitle(d: object): Promise<string> } }).action.getTitle({}),
    );
  await expect.poll(title).toMatch(/Sandbox Community: rate-limited until /);
});

test('a draft survives closing the popup and a stopped background (Chromium kills its worker; Firefox keeps its event page); a 422 keeps it and shows the forum’s words', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum();
  let { popup } = await openConnectedPopup(extension, sandbox, '[data-testid=notification] .row-action');
  await popup.click('[data-testid=notification] .row-action');
  await popup.fill('textarea[name=raw]', 'Too short');
  await new Promise((resolve) => setTimeout(resolve, 400));
  await popup.close();
  if (extension.browserName === 'chromium') await extension.killWorker();
  popup = await extension.openPage('src/popup/index.html');
  await popup.click('[data-tab=compose]');
  await expect
    .poll(() =>
      popup.evaluate(() => (document.querySelector('textarea[name=raw]') as HTMLTextAreaElement | null)?.value ?? ''),
    )
    .toBe('Too short');
  await popup.click('form.composer button.primary');
  await popup.waitForText('[data-testid=compose-error]', /Body is too short/);
  expect(await popup.evaluate(() => (document.querySelector('textarea[name=raw]') as HTMLTextAreaElement).value)).toBe(
    'Too short',
  );
});

test.describe('in Chromium (Firefox runs the inbox, the badge, writing, drafts, offline and 429s above)', () => {
  test.skip(
    ({ extensionBrowser }) => extensionBrowser !== 'chromium',
    'Chromium only: desktop notifications (Firefox shows them outside the page, where no test can see), axe, colour schemes',
  );

  test('a new mention raises exactly one desktop notification, never repeated after a worker restart', async ({
    extension,
    sandbox: forum,
  }) => {
    const sandbox = await forum();
    let { popup } = await openConnectedPopup(extension, sandbox);
    await popup.evaluate(() =>
      chrome.runtime.sendMessage({
        type: 'settings.set',
        settings: { desktop: { enabled: true, types: ['mentioned'], quietWhenForumOpen: true } },
      }),
    );
    const shown = () => popup.evaluate(async () => Object.keys(await chrome.notifications.getAll()));
    expect(await shown()).toEqual([]);
    await sandbox.control('POST', '/posts', {
      username: 'priya',
      topic_id: sandbox.forum.store.topics.find(
        (t) =>
          t.userId === 3 &&
          t.archetype === 'regular' &&
          !sandbox.forum.store.categoryById(t.categoryId)!.readRestricted,
      )!.id,
      raw: 'Hello @tess, a fresh mention for you.',
    });
    await popup.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'inbox.get', scope: 'all', refresh: true, force: true }),
    );
    await expect.poll(shown).toHaveLength(1);
    const [id] = await shown();
    await popup.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'inbox.get', scope: 'all', refresh: true, force: true }),
    );
    expect(await shown()).toEqual([id]);
    await popup.evaluateWith((nid: string) => chrome.notifications.clear(nid), id!);
    await popup.close();
    await extension.killWorker();
    popup = await extension.openPage('src/popup/index.html');
    await popup.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'inbox.get', scope: 'all', refresh: true, force: true }),
    );
    expect(await shown()).toEqual([]);
  });

  test('accessibility: axe finds no serious violations in the popup, light and dark; screenshots of the main views', async ({
    extension,
    sandbox: forum,
  }) => {
    const sandbox = await forum();
    const { popup } = await openConnectedPopup(extension, sandbox);
    await popup.resize(420, 600); // the toolbar popup's size: what the README's pictures show
    for (const scheme of ['light', 'dark'] as const) {
      await popup.colorScheme(scheme);
      const serious = await seriousIssues(popup);
      expect(serious, `${scheme}: ${serious.join(', ')}`).toEqual([]);
      await popup.screenshot(`popup-inbox-${scheme}`);
      // The list of keys (?), a modal dialog over the inbox.
      await popup.press('?');
      await popup.waitFor('dialog[open][data-testid=keyboard-help]');
      const inDialog = await seriousIssues(popup);
      expect(inDialog, `${scheme}, keys: ${inDialog.join(', ')}`).toEqual([]);
      await popup.screenshot(`popup-keys-${scheme}`);
      await popup.press('Escape');
      await popup.click(
        `[data-scope="${await popup.evaluate(() => document.querySelectorAll('.forum-switcher button')[1]!.getAttribute('data-scope'))}"]`,
      );
      await popup.click('[data-tab=topics]');
      await popup.waitFor('[data-testid=topic]');
      await popup.screenshot(`popup-topics-${scheme}`);
      await popup.click('[data-tab=compose]');
      await popup.waitFor('form.composer');
      await popup.screenshot(`popup-compose-${scheme}`);
      await popup.click('[data-tab=inbox]');
      await popup.click('[data-scope=all]');
    }
  });
});
