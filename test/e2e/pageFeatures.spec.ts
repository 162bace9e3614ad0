import { expect, test } from './harness';
import type { ExtensionPage, ExtensionSession } from './harness';
import { launchChromium } from './harness/chromium';
import { logInIfAsked, type sandboxForum, seedConnection, type Sandbox } from './harness/sandbox';
import { say } from '../../src/messages/i18n';
import { installI18n } from '../i18n/messages';

// The expected texts below are computed in English, as the browser under test shows them.
installI18n('en');

// Tools on the forum's own pages (content scripts), against the sandbox's Discourse markup.
declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; data?: unknown; error?: { kind: string } }> };
  tabs: { query(q: object): Promise<{ id: number; url: string }[]> };
  scripting: { executeScript(o: object): Promise<{ result: unknown }[]> };
};

async function setup(
  extension: ExtensionSession,
  start: (patch?: Parameters<typeof sandboxForum>[0]) => Promise<Sandbox>,
) {
  const sandbox = await start({ limits: { createPostSeconds: 0 } });
  const options = await extension.openPage('src/options/index.html');
  const forumId = await seedConnection(options, sandbox);
  return { sandbox, options, forumId };
}

/** Opens a forum page in a tab of its own and waits for the content script. */
async function forumTab(extension: ExtensionSession, url: string): Promise<ExtensionPage> {
  const tab = await extension.openTab(url);
  await tab.waitFor('html[data-discourse-companion=ready]', 15_000);
  return tab;
}

/** How many tabs of the forum the background counts as visible (the page says so itself). */
const visibleTabCount = (options: ExtensionPage, forumId: string) =>
  options.evaluateWith(async (id: string) => {
    const session = (
      chrome as unknown as {
        storage: { session: { get(k: string): Promise<Record<string, Record<string, Record<string, number>>>> } };
      }
    ).storage.session;
    return Object.keys((await session.get('visibleTabs')).visibleTabs?.[id] ?? {}).length;
  }, forumId);

const ask = (page: ExtensionPage, message: object) =>
  page.evaluateWith((m: object) => chrome.runtime.sendMessage(m), message);

function visibleTopic(sandbox: Sandbox, minPosts = 3) {
  const store = sandbox.forum.store;
  return store.topics.find(
    (t) =>
      t.archetype === 'regular' &&
      !store.categoryById(t.categoryId)!.readRestricted &&
      store.postsOf(t.id).length >= minPosts,
  )!;
}

test('post actions: copy Markdown, quote into the draft, save for later; torn down and redone on in-app navigation', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox, options } = await setup(extension, start);
  const topic = visibleTopic(sandbox);
  const tab = await forumTab(extension, `${sandbox.url}/t/${topic.slug}/${topic.id}`);
  await tab.waitFor('article[data-post-id] [data-companion=postActions]');
  expect(await tab.count('[data-companion=postActions]')).toBe(await tab.count('article[data-post-id]'));
  const first = sandbox.forum.store.postsOf(topic.id)[0]!;
  await tab.click('article#post_1 .companion-action:nth-child(1)');
  await tab.waitForText('article#post_1 .companion-action:nth-child(1)', /✓/);
  await expect.poll(() => tab.evaluate(() => navigator.clipboard.readText())).toBe(first.raw);
  // The fetched text goes to the clipboard only, never into the page.
  expect(await tab.evaluate(() => document.documentElement.outerHTML.includes('data-copied'))).toBe(false);
  await tab.click('article#post_1 .companion-action:nth-child(2)');
  await tab.click('article#post_1 .companion-action:nth-child(3)');
  await expect
    .poll(
      async () =>
        ((await ask(options, { type: 'drafts.list' })).data as { drafts: { raw: string }[] }).drafts[0]?.raw ?? '',
    )
    .toContain(`[quote="${sandbox.forum.store.userById(first.userId!)!.username}, post:1, topic:${topic.id}"]`);
  await expect
    .poll(async () =>
      ((await ask(options, { type: 'readingList.get' })).data as { items: { topicId: number }[] }).items.map(
        (i) => i.topicId,
      ),
    )
    .toEqual([topic.id]);
  // In-app navigation to another topic: the old buttons go, the new page gets exactly one set.
  await tab.evaluate(() => document.querySelector<HTMLAnchorElement>('a.badge-category__wrapper')!.click());
  await tab.waitFor('table.topic-list');
  expect(await tab.count('[data-companion=postActions]')).toBe(0);
  await tab.evaluate(() => document.querySelector<HTMLAnchorElement>('tr.topic-list-item a.title')!.click());
  await tab.waitFor('article[data-post-id] [data-companion=postActions]');
  expect(await tab.count('[data-companion=postActions]')).toBe(await tab.count('article[data-post-id]'));
  expect(
    await tab.evaluate(
      () => performance.navigation.type === 0 && !!document.querySelector('html[data-discourse-companion=ready]'),
    ),
  ).toBe(true);
});

test('a page script can neither click the extension’s post actions nor read another topic’s post through them', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox, options } = await setup(extension, start);
  const store = sandbox.forum.store;
  const topic = visibleTopic(sandbox);
  const tess = store.userByName('tess')!;
  const pm = store.topics.find((t) => t.archetype === 'private_message' && t.allowedUserIds.includes(tess.id))!;
  const secret = store.postsOf(pm.id)[0]!;
  const tab = await forumTab(extension, `${sandbox.url}/t/${topic.slug}/${topic.id}`);
  await tab.waitFor('article#post_1 [data-companion=postActions]');
  await tab.evaluate(() => navigator.clipboard.writeText('clipboard before'));
  // The page builds a post of its own that points at the private message's first post (but
  // claims this page's topic), waits for the extension's buttons, and clicks them itself.
  await tab.evaluateWith(
    ({ id, topicId }) => {
      const fake = document.querySelector('article#post_1')!.closest('.topic-post')!.cloneNode(true) as HTMLElement;
      for (const n of fake.querySelectorAll('[data-companion]')) n.remove();
      fake.dataset.postNumber = '99';
      const article = fake.querySelector<HTMLElement>('article')!;
      article.id = 'post_99';
      article.dataset.postId = String(id);
      article.dataset.topicId = String(topicId);
      document.querySelector('article#post_1')!.closest('.topic-post')!.after(fake);
    },
    { id: secret.id, topicId: topic.id },
  );
  await tab.waitFor('article#post_99 [data-companion=postActions]');
  await tab.evaluate(() => {
    for (const button of document.querySelectorAll<HTMLButtonElement>('article#post_99 .companion-action'))
      button.click();
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await tab.evaluate(() => navigator.clipboard.readText())).toBe('clipboard before');
  expect(((await ask(options, { type: 'drafts.list' })).data as { drafts: unknown[] }).drafts).toEqual([]);
  // Even the user's real clicks on that fake post get nothing: the background reads the post and
  // finds it is not part of the topic this tab shows.
  await tab.click('article#post_99 .companion-action:nth-child(1)');
  await tab.click('article#post_99 .companion-action:nth-child(2)');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await tab.evaluate(() => navigator.clipboard.readText())).toBe('clipboard before');
  expect(((await ask(options, { type: 'drafts.list' })).data as { drafts: unknown[] }).drafts).toEqual([]);
  expect(await tab.evaluateWith((raw: string) => document.documentElement.outerHTML.includes(raw), secret.raw)).toBe(
    false,
  );
});

test('quick-reply templates go into Discourse’s own composer with {username} and {topic_title}', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox } = await setup(extension, start);
  const topic = visibleTopic(sandbox);
  const tab = await forumTab(extension, `${sandbox.url}/t/${topic.slug}/${topic.id}`);
  const author = await tab.evaluate(
    () => document.querySelector('article#post_2 .names .username a')!.getAttribute('data-user-card')!,
  );
  await tab.click('article#post_2 button.post-action-menu__reply');
  await tab.waitFor('#reply-control .companion-templates');
  // A page script clicking a template inserts nothing: only the user's own click does.
  await tab.evaluate(() =>
    document
      .querySelector<HTMLButtonElement>('#reply-control .companion-templates [data-template-id=welcome]')!
      .click(),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(
    await tab.evaluate(
      () => document.querySelector<HTMLTextAreaElement>('#reply-control textarea.d-editor-input')!.value,
    ),
  ).toBe('');
  await tab.click('#reply-control .companion-templates summary');
  await tab.click('#reply-control .companion-templates [data-template-id=welcome]');
  await expect
    .poll(() =>
      tab.evaluate(() => document.querySelector<HTMLTextAreaElement>('#reply-control textarea.d-editor-input')!.value),
    )
    .toBe(`Welcome to the forum, @${author}! Glad you asked about “${topic.title}”.`);
  // Discourse saw the input event (its preview follows the textarea).
  expect(await tab.evaluate(() => document.querySelector('.d-editor-preview')!.textContent)).toContain(
    'Welcome to the forum',
  );
});

test('private notes: written in a user card, shown beside that user’s name in posts', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox, options } = await setup(extension, start);
  const topic = visibleTopic(sandbox);
  const tab = await forumTab(extension, `${sandbox.url}/t/${topic.slug}/${topic.id}`);
  const username = await tab.evaluate(
    () => document.querySelector('article#post_1 .names .username a')!.getAttribute('data-user-card')!,
  );
  await tab.click('article#post_1 .names .username a');
  await tab.waitFor('#user-card.show .companion-note-editor input');
  await tab.fill('#user-card .companion-note-editor input', 'Answers fast; prefers short replies');
  await tab.click('#user-card .companion-note-editor button');
  await tab.waitForText('article#post_1 .companion-user-note', /Answers fast/);
  const data = (await ask(options, { type: 'data.get' })).data as { notes: Record<string, string> };
  expect(data.notes[`${sandbox.url}|${username.toLowerCase()}`]).toBe('Answers fast; prefers short replies');
});

test('topic-list filters hide by user, keyword, category and tag, with a count and a one-click reveal', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox, options } = await setup(extension, start);
  await ask(options, {
    type: 'data.set',
    data: {
      filters: { users: ['kenji'], keywords: [], categories: ['Off-topic'], tags: ['sso'] },
      // This forum's own words (another forum's are never given to this page: test/unit/pageData.test.ts).
      forumFilters: {
        [sandbox.url]: { users: [], keywords: ['webhook'], categories: [], tags: [] },
        'https://other.example': { users: [], keywords: ['secret-project-name'], categories: [], tags: [] },
      },
    },
  });
  const tab = await forumTab(extension, `${sandbox.url}/latest`);
  await tab.waitFor('[data-companion=topicListFilters]');
  const hidden = await tab.count('tr.topic-list-item[data-companion-hidden]');
  expect(hidden).toBeGreaterThan(0);
  expect(await tab.waitForText('[data-companion=topicListFilters]', /\d+ topics? hidden/)).toContain(`${hidden} topic`);
  const titles = await tab.evaluate(() =>
    [...document.querySelectorAll('tr.topic-list-item[data-companion-hidden] a.title')].map((a) =>
      a.textContent!.toLowerCase(),
    ),
  );
  expect(titles.some((t) => t.includes('webhook'))).toBe(true);
  // Each kind of filter holds: no visible row has a filtered poster, keyword, category or tag.
  const leaks = await tab.evaluate(
    () =>
      [...document.querySelectorAll('tr.topic-list-item:not([data-companion-hidden])')].filter(
        (row) =>
          [...row.querySelectorAll('td.posters a[data-user-card]')].some(
            (a) => a.getAttribute('data-user-card') === 'kenji',
          ) ||
          row.querySelector('a.title')!.textContent!.toLowerCase().includes('webhook') ||
          row.querySelector('.badge-category__name')?.textContent === 'Off-topic' ||
          !!row.querySelector('a.discourse-tag[data-tag-name=sso]'),
      ).length,
  );
  expect(leaks).toBe(0);
  const byPoster = await tab.evaluate(() =>
    [...document.querySelectorAll('tr.topic-list-item[data-companion-hidden]')].some(
      (row) =>
        !row.querySelector('a.title')!.textContent!.toLowerCase().includes('webhook') &&
        [...row.querySelectorAll('td.posters a[data-user-card]')].some(
          (a) => a.getAttribute('data-user-card') === 'kenji',
        ),
    ),
  );
  expect(byPoster).toBe(true);
  await tab.click('[data-companion=topicListFilters] button');
  await expect.poll(() => tab.count('tr.topic-list-item[data-companion-hidden]')).toBe(0);
});

/**
 * The header shows the bell's count only without new PMs (MARKUP.md §4): a tab showing the PM
 * bubble reports nothing, and the background polls instead.
 */
function readPersonalMessages(
  sandbox: { forum: { store: { notifications: { userId: number; notificationType: number; read: boolean }[] } } },
  userId: number,
) {
  for (const n of sandbox.forum.store.notifications) if (n.userId === userId && n.notificationType === 6) n.read = true;
}

test('free badge refresh: an open forum tab’s header count updates the badge without an API call', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox, options } = await setup(extension, start);
  readPersonalMessages(sandbox, 3);
  // The first sync after connecting ends with the list; its requests are spaced by the throttle.
  await expect
    .poll(() => sandbox.forum.log.some((e) => e.auth === 'user_api_key' && e.path.startsWith('/notifications.json')), {
      timeout: 20_000,
    })
    .toBe(true);
  const tab = await forumTab(extension, `${sandbox.url}/login`);
  await logInIfAsked(tab);
  await tab.waitFor('#toggle-current-user');
  await tab.waitFor('html[data-discourse-companion=ready]');
  const before = sandbox.forum.log.filter((e) => e.auth === 'user_api_key' && e.path.includes('/notifications')).length;
  // A new notification arrives while the tab shows it after an in-app navigation.
  await sandbox.control('POST', '/notifications', { username: 'tess', type: 'mentioned', actor: 'zoe' });
  await tab.evaluate(() => document.querySelector<HTMLAnchorElement>('#navigation-bar a[href$="/new"]')!.click());
  const expected = String(sandbox.forum.store.unreadCounts(3).all);
  await expect
    .poll(
      () =>
        options.evaluate(() =>
          (chrome as unknown as { action: { getBadgeText(d: object): Promise<string> } }).action.getBadgeText({}),
        ),
      { timeout: 10_000 },
    )
    .toBe(expected);
  const after = sandbox.forum.log.filter((e) => e.auth === 'user_api_key' && e.path.includes('/notifications')).length;
  expect(after).toBe(before);
});

test('a visible forum tab says so: the background counts it (and polls that forum not at all) until the tab closes (pagehide)', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox, options, forumId } = await setup(extension, start);
  readPersonalMessages(sandbox, 3);
  const tab = await forumTab(extension, `${sandbox.url}/login`);
  await logInIfAsked(tab);
  await tab.waitFor('#toggle-current-user');
  const visibleTabs = () => visibleTabCount(options, forumId);
  await expect.poll(visibleTabs, { timeout: 10_000 }).toBe(1);
  await tab.close();
  await expect.poll(visibleTabs, { timeout: 10_000 }).toBe(0);
});

test('a content script asking about another forum is refused; a feature switched off in options does not run', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox, options } = await setup(extension, start);
  const other = await start({ title: 'Other Forum' });
  const otherId = await seedConnection(options, other);
  const topic = visibleTopic(sandbox);
  await forumTab(extension, `${sandbox.url}/t/${topic.slug}/${topic.id}`);
  const answer = await options.evaluateWith(
    async ({ url, forumId }: { url: string; forumId: string }) => {
      // Match patterns cannot hold a port in Firefox: find the tab by its URL.
      const target = (await chrome.tabs.query({})).find((t) => t.url?.startsWith(`${url}/`));
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: target!.id },
        func: (id: string) => chrome.runtime.sendMessage({ type: 'content.postRaw', forumId: id, postId: 1 }),
        args: [forumId],
      });
      return result!.result as { ok: boolean; error?: { kind: string } };
    },
    { url: sandbox.url, forumId: otherId },
  );
  expect(answer).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
  await ask(options, {
    type: 'data.set',
    data: {
      features: {
        postActions: false,
        quickReplyTemplates: true,
        userNotes: true,
        topicListFilters: true,
        badgeFromPage: true,
      },
    },
  });
  const fresh = await forumTab(extension, `${sandbox.url}/t/${topic.slug}/${topic.id}?again=1`);
  await fresh.waitFor('article[data-post-id]');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await fresh.count('[data-companion=postActions]')).toBe(0);
});

test('options: export then import round-trips without keys; an invalid file is refused with a clear message; limit overrides reach the popup', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox, options, forumId } = await setup(extension, start);
  await ask(options, {
    type: 'data.set',
    data: {
      templates: [{ id: 'x', name: 'Thanks', body: 'Thanks {username}!' }],
      forumOverrides: { [sandbox.url]: { perMinute: 5 } },
    },
  });
  const exported = ((await ask(options, { type: 'data.export' })).data as { text: string }).text;
  expect(exported).toContain('Thanks {username}!');
  // No key in any form: not the user's, and nothing shaped like one.
  expect(exported).not.toMatch(/[0-9a-f]{32}/);
  await ask(options, { type: 'data.set', data: { templates: [] } });
  const imported = await ask(options, { type: 'data.import', text: exported });
  expect(imported.ok).toBe(true);
  expect(
    ((await ask(options, { type: 'data.get' })).data as { templates: { name: string }[] }).templates.map((t) => t.name),
  ).toEqual(['Thanks']);
  const bad = await ask(options, {
    type: 'data.import',
    text: JSON.stringify({
      format: 'discourse-companion-settings',
      version: 1,
      exportedAt: 'now',
      settings: {},
      data: { templates: 'nope' },
    }),
  });
  expect(bad).toMatchObject({
    ok: false,
    error: { kind: 'Validation', message: expect.stringMatching(/data\.templates/) },
  });
  const notJson = await ask(options, { type: 'data.import', text: 'hello' });
  expect(notJson).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not JSON/) } });
  // The override reaches the forum's throttle: the popup's budget says 5 a minute.
  const popup = await extension.openPage('src/popup/index.html');
  await popup.click(`[data-scope="${forumId}"]`);
  await popup.waitForText('[data-testid=budget]', /^[0-5] requests left this minute/);
  // The options page charts the day's use against the daily budget.
  const fresh = await extension.openPage('src/options/index.html');
  await fresh.waitForText('[data-testid=budget-chart]', /^[1-9][\d,]* of 2,880 requests used in the last 24 hours$/);
});

test('admin: notify a member about a post from its page action; the member’s list shows it as Discourse’s menu would; a key that is no longer an admin’s gets a clear 403; their notifications panel', async ({
  extension,
  sandbox: start,
}) => {
  const { sandbox, options, forumId } = await setup(extension, start);
  const store = sandbox.forum.store;
  expect(
    (
      await ask(options, {
        type: 'forums.setAdminKey',
        forumId,
        key: sandbox.forum.accounts.adminApiKey,
        username: 'ada',
      })
    ).ok,
  ).toBe(true);
  const topic = visibleTopic(sandbox);
  const tab = await forumTab(extension, `${sandbox.url}/t/${topic.slug}/${topic.id}`);
  await tab.click('article#post_2 [data-companion=adminActions]');
  const panel = await extension.waitForTab(/src\/adminPanel\/index\.html\?.*view=notify/);
  await panel.waitFor('[data-testid=notify-form] input[name=username]');
  expect(await panel.evaluate(() => (document.querySelector('input[name=link]') as HTMLInputElement).value)).toBe(
    `${sandbox.url}/t/${topic.id}/2`,
  );
  await panel.fill('input[name=username]', 'kenji');
  await panel.fill('textarea[name=note]', 'Could you confirm this fixes your case?');
  await panel.click('[data-testid=notify-form] button[type=submit]');
  await panel.waitForText('[data-testid=notify-sent]', /Notified @kenji/);
  expect(await panel.evaluate(() => document.querySelector('[data-testid=notify-sent] a')!.getAttribute('href'))).toBe(
    `${sandbox.url}/u/kenji/notifications`,
  );
  await panel.screenshot('admin-notify-form');

  // What kenji's own client reads, through the extension's describer: the admin as the actor, the post as the link.
  const kenji = store.userByName('kenji')!;
  const created = store.notifications.filter((n) => n.userId === kenji.id).sort((a, b) => b.id - a.id)[0]!;
  expect(created).toMatchObject({
    notificationType: 1,
    topicId: topic.id,
    postNumber: 2,
    data: { display_username: 'ada', topic_title: 'Could you confirm this fixes your case?' },
  });
  const { describeNotification } = await import('../../src/discourse/notifications');
  const view = describeNotification(store.notificationJson(created) as never, {
    baseUrl: sandbox.url,
    username: 'kenji',
    say,
  });
  expect(view.actor).toBe('ada');
  expect(view.url).toBe(`${sandbox.url}/t/${topic.slug}/${topic.id}/2`);
  // And in kenji's own inbox (a second browser profile with his key): the row names ada and the topic.
  const second = await launchChromium();
  try {
    const theirOptions = await second.openPage('src/options/index.html');
    await seedConnection(theirOptions, sandbox, 'kenji');
    const theirPopup = await second.openPage('src/popup/index.html');
    await theirPopup.waitForText('[data-testid=notification] .meta', /^ada/, 15_000);
    expect(
      await theirPopup.evaluate(() => document.querySelector('[data-testid=notification] .title')!.textContent),
    ).toBe(topic.title);
    await theirPopup.screenshot('admin-notification-member-inbox');
  } finally {
    await second.close();
  }

  // ada is no longer an admin: the forum refuses, and the panel says why in words.
  store.userByName('ada')!.admin = false;
  await panel.click('[data-testid=notify-form] button[type=submit]');
  await panel.waitForText('[data-testid=notify-error]', /refused: the admin key for @ada may not do this/);
  store.userByName('ada')!.admin = true;
  await panel.close();

  // A user card's "Their notifications" lists what the forum holds for that member, in the extension's window.
  await tab.click('article#post_1 .names .username a');
  const member = await tab.evaluate(
    () => document.querySelector('article#post_1 .names .username a')!.getAttribute('data-user-card')!,
  );
  await tab.click('#user-card.show [data-companion=adminActions]');
  const list = await extension.waitForTab(/src\/adminPanel\/index\.html\?.*view=notifications/);
  await list.waitFor('[data-testid=their-notification]', 15_000);
  const holder = store.userByName(member)!;
  const held = store.notifications.filter((n) => n.userId === holder.id);
  expect(await list.count('[data-testid=their-notification]')).toBe(Math.min(20, held.length));
  expect(await list.count('[data-testid=their-notification][data-read=false]')).toBe(
    held
      .sort((a, b) => b.id - a.id)
      .slice(0, 20)
      .filter((n) => !n.read).length,
  );
  // Nothing the admin key fetched was written into the forum's page.
  // What the user sees (innerText): the sandbox's page may carry the same words in its hidden preload data.
  // biome-ignore lint/performance/useDomNodeTextContent: rendered text is what is asserted
  expect(await tab.evaluate(() => document.body.innerText.includes('Could you confirm this fixes your case?'))).toBe(
    false,
  );
});
