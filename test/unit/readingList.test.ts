// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReadingList } from '../../src/background/readingList';
import type { ForumRecord } from '../../src/background/forumRegistry';
import { memoryStorage } from './memoryStorage';

const forum = (id: string) => ({ id, baseUrl: `https://${id}` }) as ForumRecord;
afterEach(() => vi.useRealTimers());

describe('the reading list', () => {
  it('keeps one entry per post, the last saved first, with a link to the post', async () => {
    const list = new ReadingList(memoryStorage());
    vi.useFakeTimers({ toFake: ['Date'] });
    const save = async (forumId: string, topicId: number, postNumber: number, title: string) => {
      vi.setSystemTime(Date.now() + 1_000);
      await list.save(forum(forumId), { topicId, postNumber, title });
    };
    await save('a.example', 1, 1, 'First');
    await save('a.example', 1, 2, 'Second post of it');
    await save('b.example', 1, 1, 'Same numbers, other forum');
    await save('a.example', 1, 1, 'First, saved again');
    const items = await list.list();
    expect(items.map((i) => [i.forumId, i.topicId, i.postNumber, i.title])).toEqual([
      ['a.example', 1, 1, 'First, saved again'],
      ['b.example', 1, 1, 'Same numbers, other forum'],
      ['a.example', 1, 2, 'Second post of it'],
    ]);
    expect(items[0]!.url).toBe('https://a.example/t/topic/1/1');
    expect(items[0]!.savedAt).toBeGreaterThan(items[1]!.savedAt);
  });

  it('removes only the post asked for', async () => {
    const list = new ReadingList(memoryStorage());
    await list.save(forum('a.example'), { topicId: 1, postNumber: 1, title: 'x' });
    await list.save(forum('a.example'), { topicId: 1, postNumber: 2, title: 'y' });
    await list.remove('a.example', 1, 1);
    expect((await list.list()).map((i) => i.postNumber)).toEqual([2]);
  });

  it('keeps the newest 500, and reads a damaged entry as an empty list', async () => {
    const storage = memoryStorage();
    const list = new ReadingList(storage);
    await storage.local.set(
      'readingList',
      Array.from({ length: 500 }, (_, i) => ({
        forumId: 'a.example',
        topicId: 100 + i,
        postNumber: 1,
        title: '',
        url: '',
        savedAt: 0,
      })),
    );
    await list.save(forum('a.example'), { topicId: 1, postNumber: 1, title: 'newest' });
    const items = await list.list();
    expect(items).toHaveLength(500);
    expect(items[0]!.title).toBe('newest');
    expect(items.at(-1)!.topicId).toBe(598);
    await storage.local.set('readingList', { not: 'a list' });
    expect(await list.list()).toEqual([]);
  });
});
