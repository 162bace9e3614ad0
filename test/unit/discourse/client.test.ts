// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DiscourseClient } from '../../../src/discourse/client';
import type { ForumAuth } from '../../../src/discourse/keyScopes';
import { memoryStore, systemClock } from '../../../src/discourse/ports';
import { defaultLimits, Throttle } from '../../../src/discourse/throttle';
import type { DiscourseError } from '../../../src/discourse/errors';

beforeEach(() => vi.useFakeTimers({ now: 5_000_000 }));
afterEach(() => vi.useRealTimers());

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const userAuth: ForumAuth = {
  kind: 'user',
  key: 'k'.repeat(32),
  clientId: 'client-1',
  scopes: ['read', 'notifications', 'session_info'],
};

function client(
  answer: (url: string, init: RequestInit) => Response | Promise<Response>,
  auth: ForumAuth = userAuth,
  extra: { isOnline?: () => boolean } = {},
) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, init: init ?? {} });
    return answer(url, init ?? {});
  });
  const throttle = new Throttle({
    id: 'f',
    limits: defaultLimits(auth.kind === 'user' ? 'user' : 'admin'),
    clock: systemClock,
    storage: { session: memoryStore(), local: memoryStore() },
  });
  return {
    calls,
    api: new DiscourseClient({
      baseUrl: 'https://forum.example/sub',
      auth,
      fetch,
      clock: systemClock,
      throttle,
      retryBaseMs: 100,
      ...extra,
    }),
  };
}

async function failure(promise: Promise<unknown>): Promise<DiscourseError> {
  const settled = promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: DiscourseError) => error,
  );
  await vi.advanceTimersByTimeAsync(10_000);
  return settled;
}

const totals = { unread_notifications: 3, unread_personal_messages: 1, topic_tracking: { new: 2, unread: 4 } };

describe('requests', () => {
  it('sends the user key and the same client id, never cookies, under the subfolder', async () => {
    const { api, calls } = client(() => json(totals));
    await expect(api.totals()).resolves.toMatchObject({ unread_notifications: 3 });
    expect(calls[0]!.url).toBe('https://forum.example/sub/notifications/totals.json');
    expect(calls[0]!.init.headers).toMatchObject({ 'User-Api-Key': 'k'.repeat(32), 'User-Api-Client-Id': 'client-1' });
    expect(calls[0]!.init.credentials).toBe('omit');
  });
  it('sends Api-Key and Api-Username for an admin key', async () => {
    const { api, calls } = client(() => json(totals), { kind: 'admin', key: 'a'.repeat(64), username: 'ada' });
    await api.totals();
    expect(calls[0]!.init.headers).toMatchObject({ 'Api-Key': 'a'.repeat(64), 'Api-Username': 'ada' });
  });
  it('builds category, paging and filter queries', async () => {
    const { api, calls } = client((url) =>
      json(url.includes('notifications') ? { notifications: [] } : { topic_list: { topics: [] } }),
    );
    await api.topics('unread', { category: { slug: 'support', id: 4 }, page: 2 });
    await api.notifications({ limit: 30, offset: 60, filter: 'unread', types: ['mentioned', 'replied'] });
    expect(calls[0]!.url).toBe('https://forum.example/sub/c/support/4/l/unread.json?page=2');
    expect(calls[1]!.url).toBe(
      'https://forum.example/sub/notifications.json?limit=30&offset=60&filter=unread&silent=true&filter_by_types=mentioned%2Creplied',
    );
  });
  it('shares one request between identical GETs in flight and reuses it for a few seconds', async () => {
    const { api, calls } = client(() => json(totals));
    await Promise.all([api.totals(), api.totals(), api.totals()]);
    await api.totals();
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3_001);
    await api.totals();
    expect(calls).toHaveLength(2);
    await api.totals({ fresh: true });
    expect(calls).toHaveLength(3);
  });
  it('a click never waits behind background pacing: it does not share a background request in flight', async () => {
    const { api, calls } = client(() => json(totals));
    // Two background polls: the second waits its background slot (3 s at 20/min).
    void api.totals({ lane: 'background' });
    await vi.advanceTimersByTimeAsync(10);
    const paced = api.totals({ lane: 'background', fresh: true });
    const click = api.totals({ fresh: true });
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toHaveLength(2);
    expect((await click).unread_notifications).toBe(3);
    await vi.advanceTimersByTimeAsync(3_000);
    await paced;
    expect(calls).toHaveLength(3);
  });
  it('a write clears the cache so the next read is fresh', async () => {
    const { api, calls } = client((url) => (url.includes('mark-read') ? json({ success: 'OK' }) : json(totals)));
    await api.totals();
    await api.markRead();
    await api.totals();
    expect(calls.map((c) => c.init.method)).toEqual(['GET', 'PUT', 'GET']);
  });
  it('parses an unknown notification_type without complaint', async () => {
    const { api } = client(() =>
      json({
        notifications: [{ id: 1, notification_type: 9999, read: false, created_at: '2026-01-01T00:00:00Z', data: {} }],
      }),
    );
    const list = await api.notifications();
    expect(list.notifications[0]!.notification_type).toBe(9999);
  });
});

describe('errors, one kind each', () => {
  it('a reply whose top level is not the documented shape is BadResponse naming the first bad field', async () => {
    const { api } = client(() => json({ topic_list: { topics: 'seven' } }));
    const error = await failure(api.topics('latest'));
    expect(error.kind).toBe('BadResponse');
    expect(error.details.path).toBe('topic_list.topics');
  });
  it('one bad item is left out of its list and counted; the others are read', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const topic = (id: unknown) => ({
      id,
      title: 'A topic title here',
      fancy_title: 'A topic title here',
      slug: 'a',
      posts_count: 1,
      highest_post_number: 1,
      created_at: '2026-01-01T00:00:00Z',
    });
    const { api } = client(() => json({ topic_list: { topics: [topic(1), topic('seven'), topic(3)] } }));
    const list = api.topics('latest');
    await vi.advanceTimersByTimeAsync(10);
    const result = await list;
    expect(result.topic_list.topics.map((t) => t.id)).toEqual([1, 3]);
    expect(result.skipped).toEqual([{ path: 'topic_list.topics.1.id', message: expect.any(String) }]);
    expect(warn.mock.calls[0]![0]).toContain('topic_list.topics.1.id');
    warn.mockRestore();
  });
  it('malformed JSON is BadResponse', async () => {
    const { api } = client(() => new Response('{"topic_list": {', { status: 200 }));
    expect((await failure(api.topics('latest'))).kind).toBe('BadResponse');
  });
  it('403 on a route the key’s scopes allow is InvalidKey (revoked); outside them it is Forbidden', async () => {
    const denied = () =>
      json({ errors: ['You are not permitted to view the requested resource.'], error_type: 'invalid_access' }, 403);
    const { api } = client(denied);
    expect((await failure(api.totals())).kind).toBe('InvalidKey');
    expect((await failure(api.reply({ topicId: 1, raw: 'hello there friends' }))).kind).toBe('Forbidden');
  });
  it('a 403 the live key still passes /session/current.json for is a refusal in the forum’s words, not a dead key', async () => {
    const writer = { ...userAuth, scopes: ['read', 'write'] } as ForumAuth;
    const { api, calls } = client(
      (url) =>
        url.includes('/session/current.json')
          ? json({ current_user: { id: 3, username: 'tess', avatar_template: '' } })
          : json(
              { errors: ['You are not permitted to view the requested resource.'], error_type: 'invalid_access' },
              403,
            ),
      writer,
    );
    expect(await failure(api.reply({ topicId: 1, raw: 'hello there friends' }))).toMatchObject({
      kind: 'Forbidden',
      message: 'You are not permitted to view the requested resource.',
    });
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual(['/sub/posts.json', '/sub/session/current.json']);
    // A refusal without the forum's words still says where.
    const bare = client(
      (url) =>
        url.includes('/session/current.json')
          ? json({ current_user: { id: 3, username: 'tess' } })
          : new Response('', { status: 403 }),
      writer,
    );
    expect(await failure(bare.api.topic(1))).toMatchObject({
      kind: 'Forbidden',
      message: expect.stringContaining('forum.example'),
    });
  });
  it('404 NotFound, 409 EditConflict, 422 Validation with the server’s words, 503 read_only ReadOnly', async () => {
    const answers: Record<string, Response> = {
      '/t/1.json': json(
        { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' },
        404,
      ),
      '/posts/5.json': json({ errors: ['This post was edited by someone else.'], error_type: 'edit_conflict' }, 409),
      '/posts.json': json({ action: 'create_post', errors: ['Body is too short (minimum is 20 characters)'] }, 422),
      '/notifications/mark-read.json': json({ errors: ['read only'], error_type: 'read_only' }, 503),
    };
    const { api } = client((url) => answers[new URL(url).pathname.replace('/sub', '')]!.clone(), {
      ...userAuth,
      scopes: ['read', 'write', 'notifications'],
    } as ForumAuth);
    expect((await failure(api.topic(1))).kind).toBe('NotFound');
    expect((await failure(api.editPost({ id: 5, raw: 'x'.repeat(30), originalText: 'old' }))).kind).toBe(
      'EditConflict',
    );
    const validation = await failure(api.reply({ topicId: 1, raw: 'short' }));
    expect(validation).toMatchObject({
      kind: 'Validation',
      details: { errors: ['Body is too short (minimum is 20 characters)'] },
    });
    expect((await failure(api.markRead())).kind).toBe('ReadOnly');
  });
  it('GETs retry 502 and network errors with backoff, then succeed', async () => {
    let n = 0;
    const { api, calls } = client(() => {
      n++;
      if (n === 1) throw new TypeError('fetch failed');
      if (n === 2) return new Response('bad gateway', { status: 502 });
      return json(totals);
    });
    const result = api.totals();
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(result).resolves.toMatchObject({ unread_notifications: 3 });
    expect(calls).toHaveLength(3);
  });
  it('a POST is never sent again after a network error or a 5xx: it may have happened', async () => {
    const { api, calls } = client(
      () => {
        throw new TypeError('connection reset');
      },
      { ...userAuth, scopes: ['write'] } as ForumAuth,
    );
    expect((await failure(api.reply({ topicId: 1, raw: 'a reply long enough' }))).kind).toBe('Network');
    expect(calls).toHaveLength(1);
    const second = client(() => new Response('oops', { status: 502 }), { ...userAuth, scopes: ['write'] } as ForumAuth);
    expect((await failure(second.api.reply({ topicId: 1, raw: 'a reply long enough' }))).kind).toBe('Network');
    expect(second.calls).toHaveLength(1);
  });
  it('a dead network is Offline when the browser says so', async () => {
    const { api } = client(
      () => {
        throw new TypeError('fetch failed');
      },
      userAuth,
      { isOnline: () => false },
    );
    expect((await failure(api.totals())).kind).toBe('Offline');
  });
  it('a per-action 429 reaches the caller as RateLimited with until', async () => {
    const { api } = client(
      () =>
        json({ errors: ['wait 5 seconds'], error_type: 'rate_limit', extras: { wait_seconds: 5 } }, 429, {
          'Retry-After': '5',
        }),
      { ...userAuth, scopes: ['write'] } as ForumAuth,
    );
    const error = await failure(api.reply({ topicId: 1, raw: 'a reply long enough' }));
    expect(error).toMatchObject({ kind: 'RateLimited', details: { scope: 'action', until: 5_000_000 + 5_000 } });
  });
  it('error messages never carry the key', async () => {
    const { api } = client(() => new Response('oops', { status: 500 }));
    const error = await failure(api.totals());
    expect(JSON.stringify(error.toJSON())).not.toContain('k'.repeat(32));
  });
});
