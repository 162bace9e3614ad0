// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForumRegistry } from '../../src/background/forumRegistry';
import { ForumTopics } from '../../src/background/forumTopics';
import { Posting } from '../../src/background/posting';
import { memorySecrets } from '../../src/background/secretStore';
import type { Draft } from '../../src/messages/protocol';
import { Forum } from '../forum/forum';
import { memoryStorage } from './memoryStorage';
import { connectTess } from './forumRecords';

let forum: Forum;
beforeEach(async () => {
  forum = new Forum({ limits: { limitLoopback: false } });
  await forum.listen(0);
});
afterEach(async () => {
  await forum.close();
});

async function setup() {
  const storage = memoryStorage();
  const registry = new ForumRegistry(storage, memorySecrets(), fetch);
  await connectTess(forum, registry, { perMinute: 1200, perDay: 100_000 });
  const topics = new ForumTopics(registry, storage);
  return { storage, registry, topics, posting: new Posting(registry, topics) };
}

describe('topic lists and categories', () => {
  it('keeps a forum’s categories an hour, forgets them at a disconnect, and reads a damaged entry as none', async () => {
    const { storage, topics } = await setup();
    const fromForum = await topics.categories('sandbox');
    expect(fromForum.length).toBeGreaterThan(0);
    const kept = [{ id: 99, name: 'Kept', slug: 'kept', color: '000', parentId: null }];
    await storage.local.set('categories:sandbox', { at: Date.now() - 3_000_000, items: kept });
    expect(await topics.categories('sandbox')).toEqual(kept);
    await storage.local.set('categories:sandbox', { at: Date.now() - 3_700_000, items: kept });
    expect(await topics.categories('sandbox')).toEqual(fromForum);
    await storage.local.set('categories:sandbox', ['an older build’s shape']);
    expect(await topics.categories('sandbox')).toEqual(fromForum);
    await topics.forget('sandbox');
    expect(storage.local.data.has('categories:sandbox')).toBe(false);
  });

  it('a topic read partway opens at its first unread post, as the forum’s own list links it', async () => {
    const { topics } = await setup();
    const tess = forum.store.userByName('tess')!;
    const topic = forum.store.topics.find(
      (t) =>
        t.archetype === 'regular' &&
        forum.store.canSee(tess, t) &&
        forum.store.posts.filter((p) => p.topicId === t.id).length >= 3,
    )!;
    forum.store.markRead(tess.id, topic.id, 2);
    const listed = (await topics.topics('sandbox', 'latest')).topics.find((t) => t.id === topic.id)!;
    expect(listed.url).toBe(`${forum.baseUrl}/t/${topic.slug}/${topic.id}/3`);
  });

  it('marks the categories the user may not start a topic in, as the forum says (permission 1 or none)', async () => {
    const announcements = forum.store.categories.find((c) => c.slug === 'announcements')!;
    announcements.everyone = 3;
    const { topics } = await setup();
    const items = await topics.categories('sandbox');
    expect(items.find((c) => c.slug === 'announcements')?.canCreateTopic).toBe(false);
    expect(items.find((c) => c.slug === 'general')?.canCreateTopic).toBe(true);
  });

  it('subcategories sent flat with parent_category_id still follow their parent', async () => {
    // A forum that lists every category at the top level, as CategoryList does for a parent_category_id query.
    const flat: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/categories.json')) return response;
      const body = await response.json();
      const all = body.category_list.categories.flatMap(
        ({ subcategory_list = [], ...c }: { subcategory_list?: { id: number }[] }) => [
          c,
          ...subcategory_list.map((sub) => ({ ...sub, parent_category_id: (c as { id: number }).id })),
        ],
      );
      all.reverse();
      return new Response(JSON.stringify({ category_list: { ...body.category_list, categories: all } }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    };
    const storage = memoryStorage();
    const registry = new ForumRegistry(storage, memorySecrets(), flat);
    await connectTess(forum, registry, { perMinute: 1200, perDay: 100_000 });
    const items = await new ForumTopics(registry, storage).categories('sandbox');
    const support = items.findIndex((c) => c.slug === 'support');
    const installation = items.find((c) => c.slug === 'installation')!;
    expect(installation.parentId).toBe(items[support]!.id);
    expect(items.slice(support + 1, support + 3).map((c) => c.parentId)).toEqual([
      items[support]!.id,
      items[support]!.id,
    ]);
  });

  it('refuses a forum that is not connected', async () => {
    const { topics } = await setup();
    await expect(topics.topics('elsewhere', 'latest')).rejects.toMatchObject({ kind: 'NotFound' });
  });
});

describe('posting a draft', () => {
  it('a reply lands in its topic and answers with the new post’s address', async () => {
    const { posting } = await setup();
    const topic = forum.store.topics.find(
      (t) => t.archetype === 'regular' && !forum.store.categoryById(t.categoryId)!.readRestricted,
    )!;
    const draft: Draft = {
      id: 'd',
      forumId: 'sandbox',
      kind: 'reply',
      title: '',
      raw: 'A reply written in the popup, long enough for the forum.',
      categoryId: null,
      topicId: topic.id,
      topicTitle: '',
      replyToPostNumber: null,
      recipients: '',
      postId: null,
      originalText: null,
      updatedAt: 0,
    };
    const { url } = await posting.send(draft);
    expect(url).toMatch(new RegExp(`^${forum.baseUrl}/t/[^/]+/${topic.id}/\\d+$`));
    const postNumber = Number(url!.split('/').at(-1));
    expect(forum.store.posts.find((p) => p.topicId === topic.id && p.postNumber === postNumber)?.raw).toBe(draft.raw);
  });

  it('an edit on a forum older than original_text still refuses to overwrite someone else’s change', async () => {
    forum.settings.oldForum = true;
    const { posting } = await setup();
    const tess = forum.store.userByName('tess')!;
    const post = forum.store.posts.find(
      (p) => p.userId === tess.id && forum.store.canSee(tess, forum.store.topicById(p.topicId)!),
    )!;
    const seen = post.raw;
    // A moderator edits the post while tess still has the old text open.
    post.raw = 'A moderator’s edit, made while tess was still typing.';
    const draft: Draft = {
      id: 'e',
      forumId: 'sandbox',
      kind: 'edit',
      title: '',
      raw: 'Tess’s own edit, written over the text she saw first.',
      categoryId: null,
      topicId: post.topicId,
      topicTitle: '',
      replyToPostNumber: null,
      recipients: '',
      postId: post.id,
      originalText: seen,
      updatedAt: 0,
    };
    await expect(posting.send(draft)).rejects.toMatchObject({
      kind: 'EditConflict',
      details: { currentRaw: 'A moderator’s edit, made while tess was still typing.' },
    });
    expect(post.raw).toBe('A moderator’s edit, made while tess was still typing.');
  });

  it('a topic in a category the forum keeps read-only is refused in the forum’s words, and the forum stays connected', async () => {
    const { posting, registry } = await setup();
    const announcements = forum.store.categories.find((c) => c.slug === 'announcements')!;
    announcements.everyone = 3;
    const draft: Draft = {
      id: 't',
      forumId: 'sandbox',
      kind: 'topic',
      title: 'A topic where only staff may start one',
      raw: 'Written in the popup, long enough for the forum to take.',
      categoryId: announcements.id,
      topicId: null,
      topicTitle: '',
      replyToPostNumber: null,
      recipients: '',
      postId: null,
      originalText: null,
      updatedAt: 0,
    };
    await expect(posting.send(draft)).rejects.toMatchObject({
      kind: 'Forbidden',
      message: 'You are not permitted to view the requested resource.',
    });
    expect((await registry.connected('sandbox')).status).toBe('connected');
  });

  it('a revoked key is still told apart: the forum then needs a reconnect', async () => {
    const { posting, registry } = await setup();
    for (const key of forum.store.userApiKeys) key.revokedAt = new Date().toISOString();
    const topic = forum.store.topics.find((t) => t.archetype === 'regular')!;
    const draft: Draft = {
      id: 'r',
      forumId: 'sandbox',
      kind: 'reply',
      title: '',
      raw: 'A reply that a revoked key cannot send any more.',
      categoryId: null,
      topicId: topic.id,
      topicTitle: '',
      replyToPostNumber: null,
      recipients: '',
      postId: null,
      originalText: null,
      updatedAt: 0,
    };
    await expect(posting.send(draft)).rejects.toMatchObject({ kind: 'InvalidKey' });
    expect((await registry.connected('sandbox')).status).toBe('needs_reconnect');
  });

  it('a reply the forum holds for a moderator counts as sent, with nothing to link to yet', async () => {
    const { posting } = await setup();
    const support = forum.store.categories.find((c) => c.slug === 'support')!;
    support.requireApproval = true;
    const topic = forum.store.topics.find((t) => t.archetype === 'regular' && t.categoryId === support.id)!;
    const before = forum.store.posts.length;
    const draft: Draft = {
      id: 'q',
      forumId: 'sandbox',
      kind: 'reply',
      title: '',
      raw: 'A reply that waits in the review queue for a moderator.',
      categoryId: null,
      topicId: topic.id,
      topicTitle: '',
      replyToPostNumber: null,
      recipients: '',
      postId: null,
      originalText: null,
      updatedAt: 0,
    };
    expect(await posting.send(draft)).toEqual({ url: null });
    expect(forum.store.posts.length).toBe(before);
    expect(forum.store.pendingPosts.map((p) => p.raw)).toEqual([draft.raw]);
  });
});
