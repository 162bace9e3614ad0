// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listOf, storageItem, storageItemPerId } from '../../src/background/storageItem';
import { Drafts } from '../../src/background/drafts';
import type { Draft } from '../../src/messages/protocol';
import { memoryStorage } from './memoryStorage';

afterEach(() => vi.useRealTimers());

describe('a typed storage item', () => {
  it('gives its default for nothing stored and for junk an older build stored, and the value once set', async () => {
    const storage = memoryStorage();
    const drafts = storageItem(storage, { area: 'local', key: 'drafts', parse: listOf<string> });
    expect(await drafts.get()).toEqual([]);
    await storage.local.set('drafts', { an: 'object from an older build' });
    expect(await drafts.get()).toEqual([]);
    await drafts.set(['one']);
    expect(await drafts.get()).toEqual(['one']);
    expect(storage.local.data.get('drafts')).toEqual(['one']);
  });

  it('keeps to its area, and remove forgets it', async () => {
    const storage = memoryStorage();
    const tabs = storageItem(storage, {
      area: 'session',
      key: 'tabs',
      parse: (stored) => (typeof stored === 'number' ? stored : 0),
    });
    await tabs.set(3);
    expect(storage.session.data.get('tabs')).toBe(3);
    expect(storage.local.data.has('tabs')).toBe(false);
    await tabs.remove();
    expect(await tabs.get()).toBe(0);
  });

  it('per id: each forum has its own, and removing one leaves the others', async () => {
    const storage = memoryStorage();
    const offUntil = storageItemPerId(storage, {
      area: 'local',
      prefix: 'off:',
      parse: (stored) => (typeof stored === 'number' ? stored : 0),
    });
    await offUntil('a').set(1);
    await offUntil('b').set(2);
    expect(offUntil('a').key).toBe('off:a');
    await offUntil('a').remove();
    expect([await offUntil('a').get(), await offUntil('b').get()]).toEqual([0, 2]);
  });
});

describe('drafts', () => {
  const draft = (id: string): Draft => ({
    id,
    forumId: 'f',
    kind: 'topic',
    title: id,
    raw: '',
    categoryId: null,
    topicId: null,
    topicTitle: '',
    replyToPostNumber: null,
    recipients: '',
    postId: null,
    originalText: null,
    updatedAt: 0,
  });

  it('lists the last edited first, one entry per draft, and forgets a deleted one', async () => {
    const drafts = new Drafts(memoryStorage());
    vi.useFakeTimers({ toFake: ['Date'] });
    for (const saved of [draft('a'), draft('b'), { ...draft('a'), raw: 'edited' }]) {
      vi.setSystemTime(Date.now() + 1_000);
      await drafts.save(saved);
    }
    expect((await drafts.list()).map((d) => [d.id, d.raw])).toEqual([
      ['a', 'edited'],
      ['b', ''],
    ]);
    await drafts.delete('a');
    expect((await drafts.list()).map((d) => d.id)).toEqual(['b']);
  });

  it('reads a damaged drafts entry as no drafts', async () => {
    const storage = memoryStorage();
    await storage.local.set('drafts', 'junk');
    expect(await new Drafts(storage).list()).toEqual([]);
  });
});
