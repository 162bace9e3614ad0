// @vitest-environment node
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ForumRegistry, type ForumRecord } from '../../src/background/forumRegistry';
import { memorySecrets } from '../../src/background/secretStore';
import { applyOverrides } from '../../src/background/rateLimitOverrides';
import { defaultUserData } from '../../src/background/userData';
import { memoryStorage } from './memoryStorage';
import { forumRecord } from './forumRecords';

/** The browser's tabs: what is open, and what the extension did with them. */
let open: { id: number; windowId: number; url: string }[] = [];
const did: string[] = [];
vi.mock('webextension-polyfill', () => ({
  default: {
    tabs: {
      query: async () => open,
      update: async (id: number, change: { url: string }) => void did.push(`update ${id} ${change.url}`),
      create: async (tab: { url: string }) => void did.push(`create ${tab.url}`),
    },
    windows: { update: async (id: number) => void did.push(`focus window ${id}`) },
    i18n: { getMessage: () => '', getUILanguage: () => 'en' },
  },
}));
const { ForumTabs } = await import('../../src/background/forumTabs');

async function registryWith(...forums: ForumRecord[]) {
  const registry = new ForumRegistry(memoryStorage(), memorySecrets(), fetch);
  for (const forum of forums) await registry.save(forum, 'key');
  return registry;
}

beforeEach(() => {
  open = [];
  did.length = 0;
});

describe('opening a forum page', () => {
  it('reuses a tab of that forum (and focuses its window), else opens a new one', async () => {
    const tabs = new ForumTabs(await registryWith(), { urlOf: async () => null, markRead: async () => undefined });
    open = [
      { id: 4, windowId: 2, url: 'https://host.example/other/latest' },
      { id: 5, windowId: 2, url: 'https://host.example/forum/latest' },
    ];
    await tabs.open('https://host.example/forum', 'https://host.example/forum/t/topic/1');
    expect(did).toEqual(['update 5 https://host.example/forum/t/topic/1', 'focus window 2']);
    did.length = 0;
    open = [];
    await tabs.open('https://host.example/forum', 'https://host.example/forum/t/topic/1');
    expect(did).toEqual(['create https://host.example/forum/t/topic/1']);
  });

  it('a notification opens its post and is marked read; one no longer in the inbox is refused', async () => {
    const read: number[] = [];
    const inbox = {
      urlOf: async (_forumId: string, id: number) => (id === 7 ? 'https://a.example/t/topic/1/2' : null),
      markRead: async (_forumId: string, id?: number) => void read.push(id!),
    };
    const tabs = new ForumTabs(await registryWith(forumRecord('a.example')), inbox);
    await tabs.openNotification('a.example', 7);
    expect([did, read]).toEqual([['create https://a.example/t/topic/1/2'], [7]]);
    await expect(tabs.openNotification('a.example', 8)).rejects.toMatchObject({ kind: 'NotFound' });
  });
});

describe('per-forum overrides from the user’s data', () => {
  it('set the rate limits and the background check of the forum with that address, and clear those of the others', async () => {
    const registry = await registryWith(forumRecord('a.example'), {
      ...forumRecord('b.example'),
      limits: { perMinute: 5 },
      pollMinutes: 30,
    });
    await applyOverrides(registry, {
      ...defaultUserData,
      forumOverrides: { 'https://a.example': { perMinute: 30, perDay: 1000, pollMinutes: 10 } },
    });
    const [a, b] = await registry.list();
    expect([a!.limits, a!.pollMinutes]).toEqual([{ perMinute: 30, perDay: 1000 }, 10]);
    expect([b!.limits, b!.pollMinutes]).toEqual([{}, undefined]);
  });
});
