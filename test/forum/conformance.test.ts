// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintKey, schemaErrors, startForum, userKeyHeaders, type Running } from './support';

/**
 * Every implemented endpoint that openapi.json describes, called for real, its 200 body checked
 * against that path's schema (with the errata in openapiErrata.ts).
 */
let forum: Running;
let key: string;
let headers: Record<string, string>;

beforeAll(async () => {
  forum = await startForum({ limits: { limitLoopback: false } });
  key = mintKey(forum, 'tess', ['read', 'write', 'notifications', 'session_info', 'message_bus']);
  headers = userKeyHeaders(key);
});
afterAll(() => forum.close());

async function json(method: string, path: string, body?: unknown) {
  const res = await forum.request(method, path, body, headers);
  expect(res.status, `${method} ${path}`).toBe(200);
  return res.json();
}

function conforms(method: string, schemaPath: string, body: unknown) {
  expect(schemaErrors(method, schemaPath, body)).toEqual([]);
}

describe('responses match openapi.json', () => {
  it('GET /site.json', async () => conforms('GET', '/site.json', await json('GET', '/site.json')));
  it('GET /site/basic-info.json', async () =>
    conforms('GET', '/site/basic-info.json', await json('GET', '/site/basic-info.json')));
  it('GET /categories.json with subcategories', async () => {
    const body = await json('GET', '/categories.json?include_subcategories=true');
    conforms('GET', '/categories.json', body);
    expect(
      body.category_list.categories.some(
        (c: { subcategory_list?: unknown[] }) => (c.subcategory_list ?? []).length > 0,
      ),
    ).toBe(true);
  });
  it('GET /latest.json', async () => conforms('GET', '/latest.json', await json('GET', '/latest.json')));
  it('GET /new.json and /unread.json (same TopicListSerializer as /latest)', async () => {
    const fresh = await json('GET', '/new.json');
    const unread = await json('GET', '/unread.json');
    conforms('GET', '/latest.json', fresh);
    conforms('GET', '/latest.json', unread);
    expect(fresh.topic_list.topics.length).toBeGreaterThan(0);
    expect(unread.topic_list.topics.length).toBeGreaterThan(0);
  });
  it('GET /c/{slug}/{id}.json', async () => {
    const category = forum.forum.store.categories.find((c) => c.slug === 'support')!;
    conforms('GET', '/c/{slug}/{id}.json', await json('GET', `/c/${category.slug}/${category.id}.json`));
  });
  it('GET /t/{id}.json', async () => {
    const topic = forum.forum.store.topics.find(
      (t) =>
        forum.forum.store.postsOf(t.id).length > 3 &&
        t.archetype === 'regular' &&
        !forum.forum.store.categoryById(t.categoryId)?.readRestricted,
    )!;
    conforms('GET', '/t/{id}.json', await json('GET', `/t/${topic.id}.json`));
  });
  it('GET /t/{id}/posts.json', async () => {
    const topic = forum.forum.store.topics.find((t) => t.archetype === 'regular')!;
    const ids = forum.forum.store
      .postsOf(topic.id)
      .slice(0, 2)
      .map((p) => `post_ids[]=${p.id}`)
      .join('&');
    const body = await json('GET', `/t/${topic.id}/posts.json?${ids}`);
    conforms('GET', '/t/{id}/posts.json', body);
    expect(body.post_stream.posts).toHaveLength(Math.min(2, forum.forum.store.postsOf(topic.id).length));
  });
  it('GET /posts.json', async () => conforms('GET', '/posts.json', await json('GET', '/posts.json')));
  it('GET /posts/{id}.json', async () => {
    const post = forum.forum.store.posts.find(
      (p) => p.replyToPostNumber !== null && forum.forum.store.topicById(p.topicId)!.archetype === 'regular',
    )!;
    conforms('GET', '/posts/{id}.json', await json('GET', `/posts/${post.id}.json`));
  });
  it('POST /posts.json (reply) and PUT /posts/{id}.json', async () => {
    const topic = forum.forum.store.topics.find((t) => t.archetype === 'regular' && !t.closed)!;
    const created = await json('POST', '/posts.json', {
      topic_id: topic.id,
      raw: 'A reply written by the conformance suite.',
      reply_to_post_number: 1,
    });
    conforms('POST', '/posts.json', created);
    const updated = await json('PUT', `/posts/${created.id}.json`, {
      post: { raw: 'An edited reply written by the conformance suite.' },
    });
    conforms('PUT', '/posts/{id}.json', updated);
  });
  it('GET /topics/private-messages/{username}.json', async () => {
    const body = await json('GET', '/topics/private-messages/tess.json');
    conforms('GET', '/topics/private-messages/{username}.json', body);
    expect(body.topic_list.topics.length).toBeGreaterThanOrEqual(3);
  });
  it('GET /notifications.json (paged form)', async () =>
    conforms('GET', '/notifications.json', await json('GET', '/notifications.json')));
  it('PUT /notifications/mark-read.json', async () =>
    conforms('PUT', '/notifications/mark-read.json', await json('PUT', '/notifications/mark-read.json', {})));
});

describe('a schema check that can fail', () => {
  it('rejects a body with a wrong type or an undocumented field', () => {
    expect(schemaErrors('GET', '/site/basic-info.json', { title: 1 })).not.toEqual([]);
  });
});
