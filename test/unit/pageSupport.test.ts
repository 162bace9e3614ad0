import { describe, expect, it, vi } from 'vitest';
import type { Drafts } from '../../src/background/drafts';
import type { ForumRecord, ForumRegistry } from '../../src/background/forumRegistry';
import { PageSupport } from '../../src/background/pageSupport';

// pageSupport reads the user's synced data only in init(); these tests never call it.
vi.mock('webextension-polyfill', () => ({ default: {} }));

const forum = (id: string, baseUrl: string) => ({ id, baseUrl, title: id, status: 'connected' }) as ForumRecord;
const ROOT = forum('root', 'https://host.example');
const SUB = forum('sub', 'https://host.example/forum');
const OTHER = forum('other', 'https://other.example');

function pages() {
  const registry = { list: async () => [ROOT, SUB, OTHER] } as unknown as ForumRegistry;
  return new PageSupport(registry, {} as Drafts, async () => {});
}
const tab = (url: string) => ({ url, tabId: 3 });

describe('a content script speaks only for the forum of its own page', () => {
  it('names its own forum; any other forum id is refused', async () => {
    const support = pages();
    await expect(support.own(tab('https://other.example/t/hello/7'), 'other')).resolves.toBe(OTHER);
    await expect(support.own(tab('https://other.example/t/hello/7'), 'root')).rejects.toMatchObject({
      kind: 'Forbidden',
    });
  });

  it('two forums on one host: the longest base URL that holds the page wins, and a look-alike path is not inside it', async () => {
    const support = pages();
    expect(await support.forumOf(tab('https://host.example/forum/t/a/5'))).toBe(SUB);
    expect(await support.forumOf(tab('https://host.example/forum'))).toBe(SUB);
    expect(await support.forumOf(tab('https://host.example/forumx/t/a/5'))).toBe(ROOT);
    expect(await support.forumOf(tab('https://host.example/latest'))).toBe(ROOT);
  });

  it('a host that only starts like a forum is no forum page', async () => {
    const support = pages();
    expect(await support.forumOf(tab('https://host.example.evil.test/forum/t/a/5'))).toBeNull();
    expect(await support.forumOf(tab('https://other.example.evil.test/'))).toBeNull();
    expect(await support.forumOf({ tabId: 3 })).toBeNull();
    await expect(support.own(tab('https://other.example.evil.test/t/x/1'), 'other')).rejects.toMatchObject({
      kind: 'Forbidden',
    });
  });

  it('the topic a page shows comes from its URL, under a subfolder too', () => {
    const support = pages();
    expect(support.topicOnPage(SUB, tab('https://host.example/forum/t/some-title/42/3'))).toBe(42);
    expect(support.topicOnPage(ROOT, tab('https://host.example/t/42'))).toBe(42);
    expect(support.topicOnPage(ROOT, tab('https://host.example/latest'))).toBeNull();
  });
});
