import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Drafts } from '../../src/background/drafts';
import type { ForumRecord, ForumRegistry } from '../../src/background/forumRegistry';
import { PageSupport } from '../../src/background/pageSupport';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const FORUM = { id: 'f', baseUrl: 'https://forum.example', title: 'f', status: 'connected' } as ForumRecord;
const saved: { raw: string }[] = [];
const support = new PageSupport(
  { list: async () => [FORUM] } as unknown as ForumRegistry,
  { list: async () => [], save: async (draft: { raw: string }) => void saved.push(draft) } as unknown as Drafts,
  async () => {},
);
const post = {
  postId: 70,
  raw: 'Staff only: ban him.',
  topicId: 5,
  postNumber: 7,
  topicTitle: 'T',
  username: 'mod',
  whisper: false,
};
// The background's services are singletons: this test gives pagePosts its own, with one post in topic 5.
vi.mock('../../src/background/services', () => ({
  pages: support,
  topics: { postRaw: async () => post },
}));
const { quotePost } = await import('../../src/background/pagePosts');
const onTopic = { url: 'https://forum.example/t/some-topic/5', tabId: 1 };

describe('quoting a post of the page into the reply draft', () => {
  beforeEach(() => {
    saved.length = 0;
    Object.assign(post, { whisper: false, username: 'mod' });
  });
  it('a whisper (post_type 4) is refused, with a reason, and nothing enters the public draft', async () => {
    post.whisper = true;
    await expect(quotePost(FORUM, onTopic, 70, 'T')).rejects.toMatchObject({
      kind: 'Forbidden',
      message: expect.stringMatching(/whisper/i),
    });
    expect(saved).toEqual([]);
  });
  it('a regular post is quoted as Discourse quotes it', async () => {
    await quotePost(FORUM, onTopic, 70, 'T');
    expect(saved[0]!.raw).toBe('[quote="mod, post:7, topic:5"]\nStaff only: ban him.\n[/quote]\n\n');
  });
  it('a deleted user’s post: an empty name, as lib/quote.js buildQuote writes for a null username', async () => {
    post.username = '';
    await quotePost(FORUM, onTopic, 70, 'T');
    expect(saved[0]!.raw).toBe('[quote=", post:7, topic:5"]\nStaff only: ban him.\n[/quote]\n\n');
  });
});
