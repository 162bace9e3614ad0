// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { mintKey, forumPerTest, userKeyHeaders, type Running } from './support';

const forum = forumPerTest();
const control = (f: Running, method: string, path: string, body?: unknown) =>
  fetch(`${f.forum.url}/__sandbox${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).then((r) => r.json());

describe('FACTS.md §3 reading', () => {
  it('GET /session/current.json: 404 with an empty body when anonymous, the user with a key', async () => {
    const f = await forum();
    const anonymous = await f.get('/session/current.json');
    expect(anonymous.status).toBe(404);
    expect(await anonymous.text()).toBe('');
    const key = mintKey(f, 'tess', ['session_info']);
    const me = await (await f.get('/session/current.json', { headers: userKeyHeaders(key) })).json();
    expect(me.current_user).toMatchObject({ username: 'tess', trust_level: 1, admin: false });
  });

  it('/latest.json pages are 0-based, more_topics_url only on a full page, an invalid page is 400', async () => {
    const f = await forum();
    const first = await (await f.get('/latest.json?per_page=25')).json();
    expect(first.topic_list.topics).toHaveLength(25);
    expect(first.topic_list.more_topics_url).toBe('/latest?no_definitions=true&page=1&per_page=25');
    const visible = f.forum.store.topics.filter(
      (t) => t.archetype === 'regular' && !f.forum.store.categoryById(t.categoryId)!.readRestricted,
    ).length;
    const lastPage = Math.floor(visible / 25);
    const last = await (await f.get(`/latest.json?per_page=25&page=${lastPage}`)).json();
    expect(last.topic_list.topics).toHaveLength(visible % 25);
    expect(last.topic_list.more_topics_url).toBeUndefined();
    const ids = new Set([...first.topic_list.topics, ...last.topic_list.topics].map((t: { id: number }) => t.id));
    expect(ids.size).toBe(25 + (visible % 25));
    const bad = await f.get('/latest.json?page=-1');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error_type).toBe('invalid_parameters');
  });

  it('category lists include subcategories and give /c/<slug>/<id>/l/latest paging URLs', async () => {
    const f = await forum();
    const support = f.forum.store.categories.find((c) => c.slug === 'support')!;
    const body = await (await f.get(`/c/support/${support.id}.json?per_page=2`)).json();
    const childIds = f.forum.store.categories.filter((c) => c.parentCategoryId === support.id).map((c) => c.id);
    expect(
      body.topic_list.topics.every((t: { category_id: number }) => [support.id, ...childIds].includes(t.category_id)),
    ).toBe(true);
    expect(body.topic_list.more_topics_url).toBe(`/c/support/${support.id}/l/latest?page=1&per_page=2`);
  });

  it('a read-restricted category and private messages stay hidden from those who may not see them', async () => {
    const f = await forum();
    const staff = f.forum.store.categories.find((c) => c.readRestricted)!;
    expect((await f.get(`/c/${staff.slug}/${staff.id}.json`)).status).toBe(404);
    const pm = f.forum.store.topics.find((t) => t.archetype === 'private_message' && !t.allowedUserIds.includes(5))!;
    const jonas = mintKey(f, 'jonas', ['read']);
    const res = await f.get(`/t/${pm.id}.json`, { headers: userKeyHeaders(jonas) });
    expect(res.status).toBe(404);
    expect((await res.json()).error_type).toBe('not_found');
  });

  it('GET /posts/{id}.json carries raw; /t/{id}.json carries 20 posts and the whole stream', async () => {
    const f = await forum();
    const long = f.forum.store.topics.find(
      (t) =>
        f.forum.store.postsOf(t.id).length > 25 &&
        t.archetype === 'regular' &&
        !f.forum.store.categoryById(t.categoryId)!.readRestricted,
    )!;
    const topic = await (await f.get(`/t/${long.id}.json`)).json();
    expect(topic.post_stream.posts).toHaveLength(20);
    expect(topic.post_stream.stream).toHaveLength(f.forum.store.postsOf(long.id).length);
    const page2 = await (await f.get(`/t/${long.id}.json?page=2`)).json();
    expect(page2.post_stream.posts[0].post_number).toBe(21);
    const post = await (await f.get(`/posts/${topic.post_stream.posts[0].id}.json`)).json();
    expect(post.raw).toBe(f.forum.store.postsOf(long.id)[0]!.raw);
  });
});

describe('FACTS.md §3 writing', () => {
  it('a reply notifies the author of the replied-to post; a mention notifies the mentioned user', async () => {
    const f = await forum();
    const store = f.forum.store;
    const topic = store.topics.find(
      (t) =>
        t.archetype === 'regular' &&
        t.userId === store.userByName('tess')!.id &&
        !t.closed &&
        !store.categoryById(t.categoryId)!.readRestricted,
    )!;
    const before = store.notifications.filter((n) => n.userId === 3).length;
    const key = mintKey(f, 'jonas', ['write']);
    const res = await f.request(
      'POST',
      '/posts.json',
      { topic_id: topic.id, raw: 'Replying to you, and pinging @priya about it.', reply_to_post_number: 1 },
      userKeyHeaders(key),
    );
    expect(res.status).toBe(200);
    const tessNew = store.notifications.filter((n) => n.userId === 3).slice(before);
    expect(tessNew.map((n) => n.notificationType)).toEqual([2]);
    expect(store.notifications.at(-2)).toMatchObject({ userId: store.userByName('priya')!.id, notificationType: 1 });
  });

  it('a private message creates a topic that only its participants see, and notifies the recipient', async () => {
    const f = await forum();
    const key = mintKey(f, 'tess', ['write']);
    const res = await f.request(
      'POST',
      '/posts.json',
      {
        title: 'A private question for Jonas',
        raw: 'Could you look at the backup settings with me?',
        archetype: 'private_message',
        target_recipients: 'jonas',
      },
      userKeyHeaders(key),
    );
    const post = await res.json();
    const topic = f.forum.store.topicById(post.topic_id)!;
    expect(topic.archetype).toBe('private_message');
    expect(f.forum.store.notifications.at(-1)).toMatchObject({
      userId: f.forum.store.userByName('jonas')!.id,
      notificationType: 6,
      highPriority: true,
    });
  });

  it('PUT /posts/{id}.json: 409 edit_conflict when original_text no longer matches, 403 for someone else’s post', async () => {
    const f = await forum();
    const store = f.forum.store;
    const post = store.posts.find((p) => p.userId === 3)!;
    const key = mintKey(f, 'tess', ['write']);
    const stale = await f.request(
      'PUT',
      `/posts/${post.id}.json`,
      { post: { raw: 'My new text that is long enough.', original_text: 'something else' } },
      userKeyHeaders(key),
    );
    expect(stale.status).toBe(409);
    expect((await stale.json()).error_type).toBe('edit_conflict');
    const fresh = await f.request(
      'PUT',
      `/posts/${post.id}.json`,
      { post: { raw: 'My new text that is long enough.', original_text: post.raw } },
      userKeyHeaders(key),
    );
    expect(fresh.status).toBe(200);
    expect((await fresh.json()).post.version).toBe(2);
    // The older name is still read; an old forum reads only it and ignores original_text.
    const put = (fields: Record<string, string>) =>
      f.request(
        'PUT',
        `/posts/${post.id}.json`,
        { post: { raw: 'My new text that is long enough.', ...fields } },
        userKeyHeaders(key),
      );
    expect((await put({ raw_old: 'something else' })).status).toBe(409);
    f.forum.settings.oldForum = true;
    expect((await put({ raw_old: 'something else' })).status).toBe(409);
    expect((await put({ original_text: 'something else', raw_old: post.raw })).status).toBe(200);
    f.forum.settings.oldForum = false;
    const other = store.posts.find((p) => p.userId !== 3 && store.topicById(p.topicId)!.archetype === 'regular')!;
    expect(
      (
        await f.request(
          'PUT',
          `/posts/${other.id}.json`,
          { post: { raw: 'Not mine to edit, but long enough.' } },
          userKeyHeaders(key),
        )
      ).status,
    ).toBe(403);
  });

  it('form-encoded post[raw] works as well as JSON', async () => {
    const f = await forum();
    const post = f.forum.store.posts.find((p) => p.userId === 3)!;
    const key = mintKey(f, 'tess', ['write']);
    const res = await f.get(`/posts/${post.id}.json`, {
      method: 'PUT',
      headers: { ...userKeyHeaders(key), 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'post%5Braw%5D=Edited+through+a+form+body+today.',
    });
    expect(res.status).toBe(200);
    expect(f.forum.store.postById(post.id)!.raw).toBe('Edited through a form body today.');
  });
});

describe('FACTS.md §3.1 notifications', () => {
  it('paged form: newest first, filter, total, load_more_notifications with sorted keys', async () => {
    const f = await forum();
    const key = mintKey(f, 'tess', ['notifications']);
    const body = await (
      await f.get('/notifications.json?limit=10&filter=unread', { headers: userKeyHeaders(key) })
    ).json();
    expect(body.notifications).toHaveLength(10);
    expect(body.notifications.every((n: { read: boolean }) => !n.read)).toBe(true);
    const ids = body.notifications.map((n: { id: number }) => n.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));
    expect(body.load_more_notifications).toBe('/notifications?filter=unread&limit=10&offset=10&username=tess');
    expect(body.total_rows_notifications).toBe(
      f.forum.store.notifications.filter((n) => n.userId === 3 && !n.read).length,
    );
  });
  it('recent form puts unread high-priority first; filter_by_types filters and rejects unknown names', async () => {
    const f = await forum();
    const key = mintKey(f, 'tess', ['notifications']);
    const recent = await (
      await f.get('/notifications.json?recent=true&limit=5', { headers: userKeyHeaders(key) })
    ).json();
    expect(recent.notifications[0]).toMatchObject({ high_priority: true, read: false });
    expect(recent.total_rows_notifications).toBeUndefined();
    const mentions = await (
      await f.get('/notifications.json?filter_by_types=mentioned,replied', { headers: userKeyHeaders(key) })
    ).json();
    expect(
      mentions.notifications.every((n: { notification_type: number }) => [1, 2].includes(n.notification_type)),
    ).toBe(true);
    expect((await f.get('/notifications.json?filter_by_types=nonsense', { headers: userKeyHeaders(key) })).status).toBe(
      400,
    );
  });
  it('silent does not bump seen_notification_id', async () => {
    const f = await forum();
    const key = mintKey(f, 'tess', ['notifications']);
    await f.get('/notifications.json?recent=true&silent=true', { headers: userKeyHeaders(key) });
    expect(f.forum.store.seenNotificationId.get(3)).toBeUndefined();
    await f.get('/notifications.json?recent=true', { headers: userKeyHeaders(key) });
    expect(f.forum.store.seenNotificationId.get(3)).toBeGreaterThan(0);
  });
  it('mark-read one bumps the seen id, so totals drop to zero while others stay unread; a new one counts again', async () => {
    const f = await forum();
    const key = mintKey(f, 'tess', ['notifications']);
    const totals = async () => (await f.get('/notifications/totals.json', { headers: userKeyHeaders(key) })).json();
    const start = await totals();
    expect(start).toMatchObject({
      username: 'tess',
      topic_tracking: { new: expect.any(Number), unread: expect.any(Number) },
      group_inboxes: [],
    });
    expect(start.unread_notifications).toBeGreaterThan(1);
    const regularUnread = f.forum.store.notifications.find(
      (n) => n.userId === 3 && !n.read && n.notificationType !== 6,
    )!;
    await f.request('PUT', '/notifications/mark-read.json', { id: regularUnread.id }, userKeyHeaders(key));
    expect(await totals()).toMatchObject({ unread_notifications: 0, unread_personal_messages: 0 });
    expect(f.forum.store.notifications.filter((n) => n.userId === 3 && !n.read).length).toBeGreaterThan(0);
    await control(f, 'POST', '/notifications', { username: 'tess', type: 'mentioned', actor: 'priya' });
    expect((await totals()).unread_notifications).toBe(1);
    await f.request('PUT', '/notifications/mark-read.json', {}, userKeyHeaders(key));
    expect(await totals()).toMatchObject({ unread_notifications: 0, unread_personal_messages: 0 });
    expect(f.forum.store.notifications.some((n) => n.userId === 3 && !n.read)).toBe(false);
  });
  it('the control API creates a notification of any type as if someone acted', async () => {
    const f = await forum();
    const created = await control(f, 'POST', '/notifications', { username: 'tess', type: 'mentioned', actor: 'priya' });
    expect(created).toMatchObject({ notification_type: 1, read: false, data: { original_username: 'priya' } });
  });
});

describe('FACTS.md §4 MessageBus', () => {
  it('-1 answers /__status with the current position; a new notification ends a long poll', async () => {
    const f = await forum({ longPollingMs: 5000 });
    const key = mintKey(f, 'tess', ['message_bus', 'notifications']);
    const status = await (
      await f.request(
        'POST',
        '/message-bus/client1/poll',
        { '/notification/3': -1, '/notification-alert/3': -1, __seq: 1 },
        userKeyHeaders(key),
      )
    ).json();
    expect(status).toEqual([
      {
        global_id: -1,
        message_id: -1,
        channel: '/__status',
        data: { '/notification/3': expect.any(Number), '/notification-alert/3': expect.any(Number) },
      },
    ]);
    const started = Date.now();
    const pending = f.request(
      'POST',
      '/message-bus/client1/poll',
      { ...status[0].data, __seq: 2 },
      userKeyHeaders(key),
    );
    setTimeout(
      () =>
        void control(f, 'POST', '/posts', {
          username: 'priya',
          topic_id: f.forum.store.topics.find(
            (t) =>
              t.userId === 3 && t.archetype === 'regular' && !f.forum.store.categoryById(t.categoryId)!.readRestricted,
          )!.id,
          raw: 'Hey @tess, a live mention.',
        }),
      300,
    );
    const messages = (await (await pending).json()) as { channel: string; data: Record<string, unknown> }[];
    expect(Date.now() - started).toBeLessThan(4000);
    const state = messages.find((m) => m.channel === '/notification/3');
    expect(state?.data).toMatchObject({ last_notification: { notification: { notification_type: 1 } } });
  });
  it('dlp=t returns at once with nothing pending; other users’ channels are not delivered', async () => {
    const f = await forum({ longPollingMs: 5000 });
    const key = mintKey(f, 'tess', ['message_bus']);
    const started = Date.now();
    const body = await (
      await f.request('POST', '/message-bus/c/poll?dlp=t', { '/notification/5': -1 }, userKeyHeaders(key))
    ).json();
    expect(body).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('faults, modes and installs', () => {
  it('injected 502, malformed JSON and a dropped connection, each for a set number of requests', async () => {
    const f = await forum();
    await control(f, 'POST', '/faults', { path: '^/latest', kind: 'status', status: 502, times: 1 });
    expect((await f.get('/latest.json')).status).toBe(502);
    expect((await f.get('/latest.json')).status).toBe(200);
    await control(f, 'POST', '/faults', { path: '^/site', kind: 'malformed-json', times: 1 });
    await expect((await f.get('/site.json')).json()).rejects.toThrow();
    await control(f, 'POST', '/faults', { path: '^/categories', kind: 'drop', times: 1 });
    await expect(f.get('/categories.json')).rejects.toThrow();
  });
  it('a slow response is delayed, then answered normally', async () => {
    const f = await forum();
    await control(f, 'POST', '/faults', { path: '^/site/basic-info', kind: 'delay', delayMs: 300, times: 1 });
    const started = Date.now();
    expect((await f.get('/site/basic-info.json')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
  it('read-only mode answers writes with 503 read_only and still serves reads', async () => {
    const f = await forum({ readOnly: true });
    const key = mintKey(f, 'tess', ['write']);
    const res = await f.request(
      'POST',
      '/posts.json',
      { topic_id: 1, raw: 'This should not be accepted now.' },
      userKeyHeaders(key),
    );
    expect(res.status).toBe(503);
    expect((await res.json()).error_type).toBe('read_only');
    expect((await f.get('/latest.json', { headers: userKeyHeaders(key) })).status).toBe(200);
  });
  it('a subfolder install serves everything under /forum, including paging and verification URLs', async () => {
    const f = await forum({ subfolder: '/forum' });
    expect(f.url).toMatch(/\/forum$/);
    expect((await fetch(`${f.forum.url}/latest.json`)).status).toBe(404);
    const latest = await (await f.get('/latest.json')).json();
    expect(latest.topic_list.more_topics_url).toMatch(/^\/forum\/latest\?/);
    expect(latest.users[0].avatar_template).toMatch(/^\/forum\/letter_avatar_proxy\//);
    const page = await (await f.get('/latest')).text();
    expect(page).toContain('<meta name="discourse-base-uri" content="/forum">');
  });
  it('reset restores the seed and drops keys', async () => {
    const f = await forum();
    const key = mintKey(f, 'tess', ['read']);
    await control(f, 'POST', '/reset');
    expect((await f.get('/latest.json', { headers: userKeyHeaders(key) })).status).toBe(403);
  });
});
