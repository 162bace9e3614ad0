// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { fancyTitle } from './fancyTitle';
import { notificationTypes } from './notifications';
import { parseFlags } from './settings';
import { forumPerTest, login, mintKey, schemaErrors, userKeyHeaders, type Running } from './support';

/**
 * The shapes real Discourse sends that a client most easily gets wrong: prettified titles,
 * deleted authors, TopicUser rows with nothing read, lazy categories, every notification type
 * and the bell counters driven by seen_notification_id. Each test names the Ruby it follows.
 */
const forum = forumPerTest();
const control = (f: Running, method: string, path: string, body?: unknown) =>
  fetch(`${f.forum.url}/__sandbox${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).then((r) => r.json());
const as = (f: Running, username: string) =>
  userKeyHeaders(mintKey(f, username, ['read', 'write', 'notifications', 'session_info', 'message_bus']));
const getJson = async (f: Running, path: string, headers: Record<string, string> = {}) => {
  const res = await f.get(path, { headers });
  expect(res.status, path).toBe(200);
  return res.json();
};
const FANCY = 'Don\'t panic -- it\'s "fine"... Q&A about <br> tags';
const fancyTopic = (f: Running) => f.forum.store.topics.find((t) => t.title === FANCY)!;

describe('fancy_title (Topic.fancy_title: html_escape + HtmlPrettify)', () => {
  it('prettifies quotes, dashes and ellipses and escapes HTML, as html_prettify_spec.rb expects', () => {
    expect(fancyTitle(`Don't panic -- it's "fine"...`)).toBe(
      'Don&rsquo;t panic &ndash; it&rsquo;s &ldquo;fine&rdquo;&hellip;',
    );
    expect(fancyTitle('double hyphen -- ndash --- mdash')).toBe('double hyphen &ndash; ndash &mdash; mdash');
    expect(fancyTitle("is 'this a mistake'?")).toBe('is &lsquo;this a mistake&rsquo;?');
    expect(fancyTitle('Q&A: <img src="x"> 1/4 but not 1/4/2000')).toBe(
      'Q&amp;A: &lt;img src=&rdquo;x&rdquo;&gt; &frac14; but not 1/4/2000',
    );
    expect(fancyTitle('A plain - hyphen stays')).toBe('A plain - hyphen stays');
    expect(fancyTitle('Off-topic: reading 📚')).toBe('Off-topic: reading :books:');
  });
  it('lists, the topic view, posts and notifications carry it; `title` stays plain; the pages render it', async () => {
    const f = await forum();
    const topic = fancyTopic(f);
    const expected = 'Don&rsquo;t panic &ndash; it&rsquo;s &ldquo;fine&rdquo;&hellip; Q&amp;A about &lt;br&gt; tags';
    const row = (await getJson(f, '/latest.json?per_page=100')).topic_list.topics.find(
      (t: { id: number }) => t.id === topic.id,
    );
    expect(row).toMatchObject({ title: FANCY, fancy_title: expected });
    expect(await getJson(f, `/t/${topic.id}.json`)).toMatchObject({ title: FANCY, fancy_title: expected });
    const latestPost = (await getJson(f, '/posts.json')).latest_posts.find(
      (p: { topic_id: number }) => p.topic_id === topic.id,
    );
    expect(latestPost.topic_html_title).toBe(expected);
    const n = await control(f, 'POST', '/notifications', {
      username: 'tess',
      type: 'replied',
      topic_id: topic.id,
      actor: 'priya',
    });
    expect(n).toMatchObject({ fancy_title: expected, slug: topic.slug, data: { topic_title: FANCY } });
    const html = await (await f.get(`/t/${topic.slug}/${topic.id}`)).text();
    expect(html).toContain(`class="fancy-title">${expected}</a>`);
  });
});

describe('deleted users (UserDestroyer keeps the posts, user_id nil)', () => {
  it('the seeded topic has a post whose author is gone: null author fields, null last poster, no poster entry', async () => {
    const f = await forum();
    const store = f.forum.store;
    const topic = fancyTopic(f);
    expect(store.userByName('gone_user')).toBeUndefined();
    expect(f.forum.accounts.users.map((u) => u.username)).not.toContain('gone_user');
    const view = await getJson(f, `/t/${topic.id}.json`);
    expect(schemaErrors('GET', '/t/{id}.json', view)).toEqual([]);
    const orphan = view.post_stream.posts.at(-1);
    expect(orphan).toMatchObject({
      username: null,
      name: null,
      avatar_template: null,
      user_id: null,
      display_username: null,
      trust_level: null,
      yours: false,
      admin: false,
      moderator: false,
      staff: false,
      user_deleted: false,
    });
    expect(view.details.last_poster).toBeNull();
    expect(view.details.participants.every((p: { id: number }) => typeof p.id === 'number')).toBe(true);
    const list = await getJson(f, '/latest.json?per_page=100');
    expect(schemaErrors('GET', '/latest.json', list)).toEqual([]);
    const row = list.topic_list.topics.find((t: { id: number }) => t.id === topic.id);
    expect(row.last_poster_username).toBeNull();
    // TopicPostersSummary compacts missing users: no entry, so no null user_id, and none is "latest".
    expect(row.posters.every((p: { user_id: unknown }) => typeof p.user_id === 'number')).toBe(true);
    expect(row.posters.some((p: { extras: string }) => p.extras.includes('latest'))).toBe(false);
    expect(list.users.every((u: { username: unknown }) => typeof u.username === 'string')).toBe(true);
    const post = await getJson(f, `/posts/${orphan.id}.json`);
    expect(post).toMatchObject({ username: null, user_id: null });
    expect(schemaErrors('GET', '/posts/{id}.json', post)).toEqual([]);
  });
  it('POST /__sandbox/users/delete removes an account; every route and page keeps working', async () => {
    const f = await forum();
    const store = f.forum.store;
    const zoe = store.userByName('zoe')!;
    const zoePosts = store.posts.filter((p) => p.userId === zoe.id).map((p) => p.id);
    expect(zoePosts.length).toBeGreaterThan(0);
    expect(await control(f, 'POST', '/users/delete', { username: 'zoe' })).toEqual({ ok: true });
    expect((await control(f, 'POST', '/users/delete', { username: 'zoe' })).error).toMatch(/unknown user/);
    expect(store.posts.filter((p) => zoePosts.includes(p.id)).every((p) => p.userId === null)).toBe(true);
    expect(store.notifications.some((n) => n.userId === zoe.id)).toBe(false);
    const headers = as(f, 'tess');
    const latestPosts = await getJson(f, '/posts.json', headers);
    expect(schemaErrors('GET', '/posts.json', latestPosts)).toEqual([]);
    const topic = store.topicById(store.postById(zoePosts[0]!)!.topicId)!;
    const view = await getJson(f, `/t/${topic.id}.json`, headers);
    expect(schemaErrors('GET', '/t/{id}.json', view)).toEqual([]);
    for (const path of [
      '/latest.json',
      '/new.json',
      '/unread.json',
      '/categories.json',
      '/site.json',
      '/notifications.json',
      '/session/current.json',
    ])
      await getJson(f, path, headers);
    const { cookie } = await login(f, 'tess');
    for (const path of ['/latest', `/t/${topic.slug}/${topic.id}`])
      expect((await f.get(path, { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await f.get('/u/zoe')).status).toBe(404);
  });
  it('the topic page renders the orphan post with no name, no avatar link and no user card', async () => {
    const f = await forum();
    const topic = fancyTopic(f);
    const html = await (await f.get(`/t/${topic.slug}/${topic.id}`)).text();
    const window = new Window();
    const doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
    const article = doc.querySelector('.topic-post[data-post-number="3"] > article#post_3')!;
    expect(article).not.toBeNull();
    expect(article.hasAttribute('data-user-id')).toBe(false);
    expect(article.querySelector('.names .first.username')!.textContent).toBe('');
    expect(article.querySelector('[data-user-card]')).toBeNull();
    expect(article.querySelector('.cooked')!.textContent).toContain('switching editors');
    await window.happyDOM.close();
  });
});

describe('TopicUser rows with nothing read (ListableTopicSerializer)', () => {
  it('tess watches Plugins and tracks one unopened topic: last_read_post_number null, unread/new_posts 0', async () => {
    const f = await forum();
    const store = f.forum.store;
    const headers = as(f, 'tess');
    const list = await getJson(f, '/latest.json?per_page=100', headers);
    expect(schemaErrors('GET', '/latest.json', list)).toEqual([]);
    const nullRows = list.topic_list.topics.filter(
      (t: Record<string, unknown>) => 'last_read_post_number' in t && t.last_read_post_number === null,
    );
    expect(nullRows.length).toBeGreaterThan(0);
    for (const row of nullRows) expect(row).toMatchObject({ unseen: true, unread_posts: 0, new_posts: 0, unread: 0 });
    const plugins = store.categories.find((c) => c.slug === 'plugins')!;
    const watched = list.topic_list.topics.filter((t: { category_id: number }) => t.category_id === plugins.id);
    expect(watched.every((t: { notification_level: number }) => t.notification_level === 3)).toBe(true);
    // Rows without any TopicUser data have no such keys at all.
    const anonymous = await getJson(f, '/latest.json');
    expect(
      anonymous.topic_list.topics.some(
        (t: Record<string, unknown>) => 'last_read_post_number' in t || 'unread_posts' in t,
      ),
    ).toBe(false);
    const fresh = await getJson(f, '/new.json?per_page=100', headers);
    expect(
      fresh.topic_list.topics.some((t: { id: number }) => nullRows.some((r: { id: number }) => r.id === t.id)),
    ).toBe(true);
  });
  it('a new topic in a watched category gets such a row; the control API adds rows too', async () => {
    const f = await forum();
    const store = f.forum.store;
    const general = store.categories.find((c) => c.slug === 'general')!;
    await control(f, 'POST', '/watch-category', { username: 'jonas', category_id: general.id });
    const created = await control(f, 'POST', '/posts', {
      username: 'priya',
      title: 'Fresh topic in a watched category',
      raw: 'Watchers get a row before they read anything.',
      category: general.id,
    });
    expect(store.lastReadOf(store.userByName('jonas')!.id, created.topic_id)).toBeNull();
    const other = store.topics.find(
      (t) =>
        t.archetype === 'regular' &&
        store.lastReadOf(store.userByName('newbie')!.id, t.id) === undefined &&
        store.canSee(null, t),
    )!;
    await control(f, 'POST', '/track-topic', { username: 'newbie', topic_id: other.id });
    const row = (await getJson(f, '/latest.json?per_page=100', as(f, 'newbie'))).topic_list.topics.find(
      (t: { id: number }) => t.id === other.id,
    );
    expect(row).toMatchObject({ last_read_post_number: null, notification_level: 2 });
  });
});

describe('categories in /site.json', () => {
  it('parent_category_id only on subcategories; description fields null without a description, text HTML-escaped', async () => {
    const f = await forum();
    const site = await getJson(f, '/site.json');
    for (const c of site.categories) {
      const parent = f.forum.store.categoryById(c.id)!.parentCategoryId;
      if (parent) expect(c.parent_category_id).toBe(parent);
      else expect('parent_category_id' in c).toBe(false);
    }
    const uncategorized = site.categories.find((c: { slug: string }) => c.slug === 'uncategorized');
    expect(uncategorized).toMatchObject({ description: null, description_text: null, description_excerpt: null });
  });
  it('lazyCategories (--lazy-categories): no categories key at all, lazy_load_categories true', async () => {
    expect(parseFlags(['--lazy-categories'], () => '').patch).toEqual({ lazyCategories: true });
    const f = await forum({ lazyCategories: true });
    for (const headers of [{}, as(f, 'tess')]) {
      const site = await getJson(f, '/site.json', headers);
      expect('categories' in site).toBe(false);
      expect(site.lazy_load_categories).toBe(true);
      expect(schemaErrors('GET', '/site.json', site)).toEqual([]);
    }
    const eager = await forum();
    expect('lazy_load_categories' in (await getJson(eager, '/site.json'))).toBe(false);
  });
});

describe('every notification type (Notification.types and each creator’s data)', () => {
  it('site.json lists core’s full enum, 1–45 and the plugin numbers', async () => {
    const f = await forum();
    const types = (await getJson(f, '/site.json')).notification_types;
    expect(Object.values(types).sort((a, b) => (a as number) - (b as number))).toEqual([
      ...Array.from({ length: 45 }, (_, i) => i + 1),
      800,
      801,
      802,
      900,
    ]);
    expect(types).toMatchObject({
      chat_mention: 29,
      assigned: 34,
      linked_consolidated: 39,
      suggested_edit_accepted: 45,
      following: 800,
      circles_activity: 900,
    });
  });
  it('acting_user_* only with show_user_menu_avatars (Notification.populate_acting_user): absolute, schemaless, the actor’s template', async () => {
    const off = await forum();
    const plain = (await getJson(off, '/notifications.json?recent=true&limit=30', as(off, 'tess'))).notifications;
    expect(plain.some((n: object) => 'acting_user_avatar_template' in n || 'acting_user_name' in n)).toBe(false);
    await off.close();
    const on = await forum({ showUserMenuAvatars: true });
    for (const path of ['/notifications.json?recent=true&limit=30', '/notifications.json?limit=30']) {
      const list = (await getJson(on, path, as(on, 'tess'))).notifications as {
        data: Record<string, string>;
        acting_user_avatar_template?: string;
        acting_user_name?: string;
      }[];
      const liked = list.find((n) => n.data.display_username && on.forum.store.userByName(n.data.display_username))!;
      const actor = on.forum.store.userByName(liked.data.username ?? liked.data.display_username!)!;
      expect(liked.acting_user_avatar_template, path).toBe(
        `//${new URL(on.forum.url).host}/letter_avatar_proxy/v4/letter/${actor.username[0]}/${/\/letter\/\w\/(\w+)\//.exec(liked.acting_user_avatar_template!)![1]}/{size}.png`,
      );
      expect(liked.acting_user_name, path).toBe(actor.name);
    }
  });

  it('the control API creates each type; high priority and topic-less ones as Discourse makes them', async () => {
    const f = await forum();
    const high = [
      'private_message',
      'bookmark_reminder',
      'chat_mention',
      'chat_message',
      'chat_invitation',
      'assigned',
    ];
    const topicless = [
      'granted_badge',
      'liked_consolidated',
      'linked_consolidated',
      'group_message_summary',
      'membership_request_accepted',
      'membership_request_consolidated',
      'invitee_accepted',
      'following',
      'new_features',
      'admin_problems',
      'chat_mention',
      'chat_message',
      'chat_invitation',
      'chat_group_mention',
      'chat_watched_thread',
      'upcoming_change_available',
      'upcoming_change_automatically_promoted',
    ];
    for (const [name, id] of Object.entries(notificationTypes)) {
      const n = await control(f, 'POST', '/notifications', { username: 'tess', type: name, actor: 'priya' });
      expect(n.notification_type, name).toBe(id);
      expect(n.high_priority, name).toBe(high.includes(name));
      expect('acting_user_avatar_template' in n, name).toBe(false);
      if (topicless.includes(name)) {
        expect(n, name).toMatchObject({ topic_id: null, post_number: null, slug: null });
        expect('fancy_title' in n, name).toBe(false);
      } else {
        expect(typeof n.fancy_title, name).toBe('string');
        expect(typeof n.slug, name).toBe('string');
      }
    }
    const paged = await getJson(f, '/notifications.json?limit=60', as(f, 'tess'));
    expect(schemaErrors('GET', '/notifications.json', paged)).toEqual([]);
  });
  it('data shapes follow BadgeGranter, the consolidation planner, PostAlerter, chat, solved, follow', async () => {
    const f = await forum();
    const make = (type: string, extra: Record<string, unknown> = {}) =>
      control(f, 'POST', '/notifications', { username: 'tess', type, actor: 'priya', ...extra });
    expect((await make('granted_badge')).data).toEqual({
      badge_id: 9,
      badge_name: 'Autobiographer',
      badge_slug: 'autobiographer',
      badge_title: false,
      username: 'tess',
    });
    expect(Object.keys((await make('liked_consolidated')).data).sort()).toEqual([
      'count',
      'display_username',
      'original_post_id',
      'original_post_type',
      'original_username',
      'topic_title',
      'username',
    ]);
    expect((await make('group_message_summary')).data).toEqual({
      group_id: 41,
      group_name: 'support',
      inbox_count: 3,
      username: 'tess',
    });
    expect(Object.keys((await make('chat_mention')).data).sort()).toEqual([
      'chat_channel_id',
      'chat_channel_slug',
      'chat_channel_title',
      'chat_message_id',
      'is_direct_message_channel',
      'mentioned_by_username',
    ]);
    const bookmark = await make('bookmark_reminder');
    expect(Object.keys(bookmark.data).sort()).toEqual([
      'bookmark_id',
      'bookmark_name',
      'bookmarkable_url',
      'display_username',
      'title',
    ]);
    expect(bookmark.data.display_username).toBe('tess');
    expect((await make('invitee_accepted')).data).toEqual({ display_username: 'priya' });
    expect((await make('following')).data).toEqual({ display_username: 'priya' });
    expect((await make('membership_request_accepted')).data).toEqual({ group_id: 41, group_name: 'support' });
    expect((await make('admin_problems')).data).toEqual({});
    expect((await make('new_features')).data).toEqual({});
    expect((await make('reaction')).data).toMatchObject({ display_username: 'priya', reaction_icon: 'heart' });
    expect((await make('custom')).data).toMatchObject({
      message: 'solved.accepted_notification',
      display_username: 'priya',
      title: 'solved.notification.title',
    });
    expect((await make('votes_released')).post_number).toBeNull();
    const mention = (await make('mentioned')).data;
    expect(mention).toMatchObject({ original_username: 'priya', display_username: 'priya', revision_number: null });
    // `data` overrides: a reaction from two people, a liked notification merged by liked_by_two_users.
    expect((await make('reaction', { data: { username2: 'jonas', count: 2 } })).data).toMatchObject({
      username2: 'jonas',
      count: 2,
      display_username: 'priya',
    });
    expect((await make('nonsense')).error).toMatch(/unknown notification type/);
  });
  it('the seed gives tess a badge, a liked_consolidated and a group_message_summary', async () => {
    const f = await forum();
    const types = new Set(f.forum.store.notifications.filter((n) => n.userId === 3).map((n) => n.notificationType));
    for (const name of ['granted_badge', 'liked_consolidated', 'group_message_summary'])
      expect(types.has(notificationTypes[name]!), name).toBe(true);
  });
});

describe('bell counts by seen_notification_id (User#unread_notifications and friends)', () => {
  const state = (f: Running) =>
    f.forum.store.bus.messages.filter((m) => m.channel === '/notification/3').at(-1)!.data as Record<string, unknown>;

  it('recent=true without silent answers the old seen id, then bumps it to the newest and publishes the state', async () => {
    const f = await forum();
    const headers = as(f, 'tess');
    const store = f.forum.store;
    const newest = Math.max(...store.notifications.filter((n) => n.userId === 3).map((n) => n.id));
    const before = await getJson(f, '/notifications/totals.json', headers);
    expect(before.unread_notifications).toBeGreaterThan(0);
    for (const silent of ['silent=true', 'silent=false', 'silent']) {
      expect((await getJson(f, `/notifications.json?recent=true&${silent}`, headers)).seen_notification_id).toBe(0);
      expect(store.seenNotificationId.get(3)).toBeUndefined();
    }
    await getJson(f, '/notifications.json?limit=10', headers); // the full list never bumps
    expect(store.seenNotificationId.get(3)).toBeUndefined();
    const menu = await getJson(f, '/notifications.json?recent=true&limit=5', headers);
    expect(menu.seen_notification_id).toBe(0);
    expect(store.seenNotificationId.get(3)).toBe(newest);
    expect(state(f)).toMatchObject({
      seen_notification_id: newest,
      unread_notifications: 0,
      all_unread_notifications_count: 0,
      new_personal_messages_notifications_count: 0,
    });
    // High priority ignores the seen id; the rest are still unread, just seen.
    expect(state(f).unread_high_priority_notifications).toBe(
      store.notifications.filter((n) => n.userId === 3 && !n.read && n.highPriority).length,
    );
    expect(await getJson(f, '/notifications/totals.json', headers)).toMatchObject({
      unread_notifications: 0,
      unread_personal_messages: 0,
    });
    expect((await getJson(f, '/notifications.json?recent=true', headers)).seen_notification_id).toBe(newest);
  });
  it('totals = capped unseen − new PMs; current user and MessageBus carry the same counters; caps at 99', async () => {
    const f = await forum();
    const headers = as(f, 'tess');
    const store = f.forum.store;
    await f.request('PUT', '/notifications/mark-read.json', {}, headers);
    await control(f, 'POST', '/notifications', { username: 'tess', type: 'private_message', actor: 'priya' });
    await control(f, 'POST', '/notifications', { username: 'tess', type: 'mentioned', actor: 'priya' });
    await control(f, 'POST', '/notifications', { username: 'tess', type: 'chat_mention', actor: 'priya' });
    expect(await getJson(f, '/notifications/totals.json', headers)).toMatchObject({
      unread_notifications: 2,
      unread_personal_messages: 1,
    });
    const me = (await getJson(f, '/session/current.json', headers)).current_user;
    expect(me).toMatchObject({
      unread_notifications: 1,
      all_unread_notifications_count: 3,
      unread_high_priority_notifications: 2,
      new_personal_messages_notifications_count: 1,
    });
    expect(state(f)).toMatchObject({
      unread_notifications: 1,
      all_unread_notifications_count: 3,
      unread_high_priority_notifications: 2,
      new_personal_messages_notifications_count: 1,
      seen_notification_id: me.seen_notification_id,
    });
    for (let i = 0; i < 120; i++)
      await control(f, 'POST', '/notifications', {
        username: 'tess',
        type: i % 2 ? 'mentioned' : 'assigned',
        actor: 'jonas',
      });
    const capped = (await getJson(f, '/session/current.json', headers)).current_user;
    expect(capped).toMatchObject({
      unread_notifications: 61,
      all_unread_notifications_count: 99,
      unread_high_priority_notifications: 62,
      new_personal_messages_notifications_count: 1,
    });
    expect((await getJson(f, '/notifications/totals.json', headers)).unread_notifications).toBe(98);
    // The header bubble: new PMs win; once read, the capped count.
    for (const n of store.notifications)
      if (n.userId === 3 && n.notificationType === notificationTypes.private_message) n.read = true;
    const { cookie } = await login(f, 'tess');
    const html = await (await f.get('/latest', { headers: { Cookie: cookie } })).text();
    expect(html).toMatch(/class="badge-notification unread-notifications"[^>]*>99<\/a>/);
  });
  it('PUT /notifications/mark-read bumps the seen id and publishes it', async () => {
    const f = await forum();
    const headers = as(f, 'tess');
    const one = f.forum.store.notifications.find((n) => n.userId === 3 && !n.read)!;
    await f.request('PUT', '/notifications/mark-read.json', { id: one.id }, headers);
    const newest = Math.max(...f.forum.store.notifications.filter((n) => n.userId === 3).map((n) => n.id));
    expect(f.forum.store.seenNotificationId.get(3)).toBe(newest);
    expect(state(f)).toMatchObject({ seen_notification_id: newest, all_unread_notifications_count: 0 });
  });
});

describe('tags: names before 2026, {id, name, slug} objects since (TopicTagsMixin)', () => {
  it('topic lists and the topic view follow the forum’s version', async () => {
    const tagged = (body: { topic_list: { topics: { tags: unknown[] }[] } }) =>
      body.topic_list.topics.find((t) => t.tags.length)!;
    const current = await forum();
    const row = tagged(await getJson(current, '/latest.json'));
    expect(row.tags[0]).toEqual({ id: expect.any(Number), name: expect.any(String), slug: expect.any(String) });
    const old = await forum({ oldForum: true });
    const oldRow = tagged(await getJson(old, '/latest.json'));
    expect(typeof oldRow.tags[0]).toBe('string');
    const topic = old.forum.store.topics.find(
      (t) => t.tags.length && t.archetype === 'regular' && old.forum.store.canSee(null, t),
    )!;
    expect((await getJson(old, `/t/${topic.id}.json`)).tags).toEqual(topic.tags);
  });
});
