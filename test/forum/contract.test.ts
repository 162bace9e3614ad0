// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscourseClient } from '../../src/discourse/client';
import { memoryStore, systemClock } from '../../src/discourse/ports';
import { responseSchemas } from '../../src/discourse/schemas';
import { defaultLimits, Throttle } from '../../src/discourse/throttle';
import { generateHandshakeKeys, randomNonce } from '../../src/discourse/authCrypto';
import { mintKey, startForum, type Running } from './support';

/** The extension's own client and schemas against live sandbox responses. */
let f: Running;
let api: DiscourseClient;
const scopes = ['read', 'write', 'notifications', 'session_info', 'message_bus'];
/** A post the forum took at once (not held for approval). */
function posted<R extends object>(reply: R): Exclude<R, { action: 'enqueued' }> {
  if ('action' in reply && reply.action === 'enqueued') throw new Error('held for approval');
  return reply as Exclude<R, { action: 'enqueued' }>;
}

beforeAll(async () => {
  f = await startForum({
    limits: { limitLoopback: false, userApiPerMinute: 1000, createPostSeconds: 0, createTopicSeconds: 0 },
  });
  const key = mintKey(f, 'tess', scopes, 'contract-client');
  const throttle = new Throttle({
    id: 'sandbox',
    limits: defaultLimits('user', {
      perMinute: 1000,
      ipPer10Seconds: 1000,
      ipPerMinute: 1000,
      writeSpacingMs: 0,
      actionSpacingMs: {},
    }),
    clock: systemClock,
    storage: { session: memoryStore(), local: memoryStore() },
  });
  api = new DiscourseClient({
    baseUrl: f.url,
    auth: { kind: 'user', key, clientId: 'contract-client', scopes },
    fetch,
    clock: systemClock,
    throttle,
  });
});
afterAll(() => f.close());

describe('responseSchemas parse what the sandbox forum sends', () => {
  it('site, basic info, categories with subcategories', async () => {
    expect((await api.site()).notification_types.mentioned).toBe(1);
    expect((await api.basicInfo()).title).toBe('Sandbox Community');
    const categories = (await api.categories()).category_list.categories;
    expect(categories.some((c) => (c.subcategory_list ?? []).length > 0)).toBe(true);
  });
  it('latest, new, unread, a category, and private messages', async () => {
    const latest = await api.topics('latest');
    expect(latest.topic_list.topics.length).toBe(30);
    expect(latest.topic_list.more_topics_url).toBeDefined();
    expect((await api.topics('latest', { page: 1 })).topic_list.topics[0]!.id).not.toBe(
      latest.topic_list.topics[0]!.id,
    );
    expect((await api.topics('new')).topic_list.topics.every((t) => t.unseen)).toBe(true);
    expect((await api.topics('unread')).topic_list.topics.every((t) => (t.unread_posts ?? 0) > 0)).toBe(true);
    const support = f.forum.store.categories.find((c) => c.slug === 'support')!;
    expect(
      (await api.topics('latest', { category: { slug: 'support', id: support.id } })).topic_list.topics.length,
    ).toBeGreaterThan(0);
    expect((await api.privateMessages('tess')).topic_list.topics.length).toBeGreaterThanOrEqual(3);
  });
  it('a topic, a post with raw, latest posts', async () => {
    const first = (await api.topics('latest')).topic_list.topics[1]!;
    const topic = await api.topic(first.id);
    expect(topic.post_stream.posts[0]!.post_number).toBe(1);
    const post = await api.post(topic.post_stream.posts[0]!.id);
    expect(post.raw).toEqual(expect.any(String));
    expect((await api.latestPosts()).latest_posts.length).toBeGreaterThan(0);
  });
  it('create a topic, reply, a private message, edit with original_text', async () => {
    const general = f.forum.store.categories.find((c) => c.slug === 'general')!;
    const created = posted(
      await api.createTopic({
        title: 'A topic from the contract suite',
        raw: 'Created through the extension client.',
        category: general.id,
      }),
    );
    const reply = posted(
      await api.reply({
        topicId: created.topic_id,
        raw: 'And a reply through the client too.',
        replyToPostNumber: 1,
      }),
    );
    expect(reply.reply_to_post_number).toBe(1);
    const pm = posted(
      await api.privateMessage({
        title: 'A private message from the suite',
        raw: 'Hello Jonas, from the contract suite.',
        recipients: ['jonas'],
      }),
    );
    expect(f.forum.store.topicById(pm.topic_id)!.archetype).toBe('private_message');
    const edited = await api.editPost({
      id: reply.id,
      raw: 'An edited reply through the client.',
      originalText: 'And a reply through the client too.',
    });
    expect(edited.post.version).toBe(2);
    await expect(
      api.editPost({ id: reply.id, raw: 'Another edit that will conflict.', originalText: 'stale text' }),
    ).rejects.toMatchObject({ kind: 'EditConflict' });
  });
  it('notifications in both forms, totals, mark read, current user', async () => {
    const recent = await api.notifications({ recent: true, limit: 10 });
    expect(recent.notifications.length).toBe(10);
    const paged = await api.notifications({ limit: 20, filter: 'unread' });
    expect(paged.load_more_notifications).toContain('offset=20');
    expect((await api.totals()).unread_notifications).toBeGreaterThan(0);
    const target = paged.notifications.find((n) => n.notification_type !== 6)!.id;
    await api.markRead(target);
    // mark-read bumps seen_notification_id, and the bell counts only notifications above it.
    expect((await api.totals()).unread_notifications).toBe(0);
    expect(f.forum.store.notifications.find((n) => n.id === target)!.read).toBe(true);
    expect((await api.currentUser()).current_user.username).toBe('tess');
  });
  it('device-flow replies', async () => {
    const keys = await generateHandshakeKeys();
    const params = {
      nonce: randomNonce(),
      scopes: 'read',
      client_id: 'c',
      application_name: 'Companion',
      public_key: keys.publicKeyPem,
    };
    const start = await (await f.request('POST', '/user-api-key/device.json', params)).json();
    expect(responseSchemas['POST /user-api-key/device.json'].parse(start).user_code).toMatch(/-/);
    const poll = await (
      await f.request('POST', '/user-api-key/device/poll.json', { device_code: start.device_code })
    ).json();
    expect(responseSchemas['POST /user-api-key/device/poll.json'].parse(poll)).toEqual({
      status: 'authorization_pending',
    });
  });
  it('revoking the key turns the next call into InvalidKey', async () => {
    const key = mintKey(f, 'jonas', ['read'], 'revoke-client');
    const throttle = new Throttle({
      id: 'r',
      limits: defaultLimits('user'),
      clock: systemClock,
      storage: { session: memoryStore(), local: memoryStore() },
    });
    const jonas = new DiscourseClient({
      baseUrl: f.url,
      auth: { kind: 'user', key, clientId: 'revoke-client', scopes: ['read'] },
      fetch,
      clock: systemClock,
      throttle,
    });
    await expect(jonas.revokeKey()).resolves.toEqual({ success: 'OK' });
    await expect(jonas.topics('latest', {}, { fresh: true })).rejects.toMatchObject({ kind: 'InvalidKey' });
  });
});
