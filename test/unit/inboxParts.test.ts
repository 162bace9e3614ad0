// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ForumRegistry, type ForumRecord } from '../../src/background/forumRegistry';
import { memorySecrets } from '../../src/background/secretStore';
import { emptyCache, type ForumCache } from '../../src/background/inboxCache';
import type { Notification } from '../../src/discourse/schemas';
import { memoryStorage } from './memoryStorage';
import { forumRecord } from './forumRecords';

/** What the toolbar shows, and storage.sync as the settings see it. */
const action = { text: '', color: '', title: '' };
let syncItems: Record<string, unknown> = {};
vi.mock('webextension-polyfill', () => ({
  default: {
    action: {
      setBadgeText: async ({ text }: { text: string }) => void (action.text = text),
      setBadgeBackgroundColor: async ({ color }: { color: string }) => void (action.color = color),
      setTitle: async ({ title }: { title: string }) => void (action.title = title),
    },
    storage: { sync: { get: async () => syncItems, set: async () => undefined } },
  },
}));
const { InboxCache, merged } = await import('../../src/background/inboxCache');
const { ToolbarBadge } = await import('../../src/background/toolbarBadge');
const { DesktopNotifications } = await import('../../src/background/desktopNotifications');

const note = (id: number, extra: Partial<Notification> = {}): Notification =>
  ({
    id,
    notification_type: 2,
    read: false,
    created_at: '2026-01-01T00:00:00Z',
    topic_id: 1,
    post_number: 2,
    slug: 't',
    fancy_title: `Topic ${id}`,
    data: { display_username: 'zoe' },
    ...extra,
  }) as Notification;

async function setup(...forums: ForumRecord[]) {
  const storage = memoryStorage();
  const registry = new ForumRegistry(storage, memorySecrets(), fetch);
  for (const forum of forums) await registry.save(forum, 'key');
  const caches = new InboxCache(registry, storage);
  const setCache = (id: string, change: Partial<ForumCache>) => caches.edit(id, (cache) => ({ ...cache, ...change }));
  return { storage, registry, caches, setCache };
}

beforeEach(() => Object.assign(action, { text: '', color: '', title: '' }));
afterEach(() => {
  syncItems = {};
});

describe('the toolbar badge', () => {
  const emptyView = async () => ({ forums: [], notifications: [] });

  it('counts every forum’s bell, or only the unread high-priority ones when the settings ask for that', async () => {
    const { registry, caches, setCache } = await setup(forumRecord('a.example'), forumRecord('b.example'));
    await setCache('a.example', {
      totals: { unread_notifications: 2, unread_personal_messages: 1 },
      notifications: [note(1, { high_priority: true }), note(2, { high_priority: true, read: true }), note(3)],
    });
    await setCache('b.example', { totals: { unread_notifications: 4, unread_personal_messages: 0 } });
    const badge = new ToolbarBadge(registry, caches, memoryStorage(), emptyView);
    await badge.update();
    expect(action.text).toBe('7');
    syncItems = { settings: { badge: 'high_priority' } };
    await badge.update();
    expect(action.text).toBe('1');
  });

  it('says a forum needs reconnecting before any count, and shows nothing when all is read', async () => {
    const forums = Array.from({ length: 11 }, (_, i) => forumRecord(`f${i}.example`));
    const { registry, caches, setCache } = await setup(...forums);
    const badge = new ToolbarBadge(registry, caches, memoryStorage(), emptyView);
    await badge.update();
    expect(action.text).toBe('');
    // A forum's bell stops at 99: eleven full bells make more than the badge has room for.
    for (const forum of forums)
      await setCache(forum.id, { totals: { unread_notifications: 99, unread_personal_messages: 0 } });
    await badge.update();
    expect(action.text).toBe('999+');
    await registry.update('f3.example', { status: 'needs_reconnect' });
    await badge.update();
    expect([action.text, action.color]).toEqual(['!', '#cf222e']);
  });

  it('leaves the inbox for the popup’s next open and tells who listens', async () => {
    const { registry, caches } = await setup(forumRecord('a.example'));
    const storage = memoryStorage();
    const view = { forums: [], notifications: [] };
    const badge = new ToolbarBadge(registry, caches, storage, async () => view);
    let told = 0;
    const stop = badge.onChange(() => told++);
    await badge.update();
    stop();
    await badge.update();
    expect(told).toBe(1);
    expect(storage.local.data.get('inboxView')).toEqual(view);
  });
});

describe('desktop notifications', () => {
  async function announcer(settings: unknown, focused = false) {
    syncItems = { settings };
    const { caches, setCache } = await setup(forumRecord('a.example'));
    const shown: string[] = [];
    const desktop = new DesktopNotifications(caches, {
      show: async (id) => void shown.push(id),
      forumFocused: async () => focused,
    });
    // As a refresh does: announce what it fetched, then save what it learned.
    const refreshed = async (notifications: Notification[]) => {
      const startedAt = Date.now();
      const cache = { ...(await caches.read('a.example')), notifications };
      await desktop.announce(forumRecord('a.example'), cache, startedAt);
      await caches.saveMerged('a.example', cache, startedAt);
    };
    return { shown, refreshed, caches, setCache };
  }
  const on = { desktop: { enabled: true, types: ['replies'], quietWhenForumOpen: true } };

  it('shows nothing for what was there when the forum connected, then each new unread one once', async () => {
    const { shown, refreshed } = await announcer(on);
    await refreshed([note(1)]);
    expect(shown).toEqual([]);
    await refreshed([note(1), note(2), note(3, { read: true })]);
    await refreshed([note(1), note(2)]);
    expect(shown).toEqual(['a.example|2']);
  });

  it('stays quiet when turned off, for groups the user did not choose, and while the forum is the focused tab', async () => {
    for (const [settings, focused] of [
      [{ desktop: { enabled: false } }, false],
      [{ desktop: { enabled: true, types: ['mentions'], quietWhenForumOpen: true } }, false],
      [on, true],
    ] as const) {
      const { shown, refreshed, setCache } = await announcer(settings, focused);
      await setCache('a.example', { lastNotifiedId: 0 });
      await refreshed([note(1)]);
      expect(shown).toEqual([]);
    }
  });
});

describe('merging what a refresh learned with what finished meanwhile', () => {
  const base = (change: Partial<ForumCache>): ForumCache => ({
    ...emptyCache(),
    poll: { nextAt: 0, idleStreak: 0 },
    ...change,
  });

  it('keeps fresher counts and a fresher list, the highest notified id, and this refresh’s pace', () => {
    const latest = base({
      fetchedAt: 2_000,
      totals: { unread_notifications: 0, unread_personal_messages: 0 },
      listAt: 2_000,
      notifications: [note(9)],
      lastNotifiedId: 9,
    });
    const mine = base({
      fetchedAt: 1_500,
      totals: { unread_notifications: 3, unread_personal_messages: 0 },
      listAt: 1_500,
      notifications: [note(5)],
      lastNotifiedId: 5,
      poll: { nextAt: 60_000, idleStreak: 1 },
    });
    const next = merged(latest, mine, 1_000);
    expect(next.totals?.unread_notifications).toBe(0);
    expect(next.notifications.map((n) => n.id)).toEqual([9]);
    expect(next.lastNotifiedId).toBe(9);
    expect(next.poll).toEqual({ nextAt: 60_000, idleStreak: 1 });
  });

  it('a refresh that started after the last write keeps what it learned', () => {
    const next = merged(
      base({ fetchedAt: 1_000, lastNotifiedId: 4 }),
      base({
        fetchedAt: 3_000,
        totals: { unread_notifications: 1, unread_personal_messages: 0 },
        lastNotifiedId: null,
      }),
      2_000,
    );
    expect([next.totals?.unread_notifications, next.lastNotifiedId]).toEqual([1, 4]);
  });

  it('a disconnected forum’s cache is not written back by a refresh that was still running', async () => {
    const { storage, registry, setCache } = await setup(forumRecord('a.example'));
    await registry.remove('a.example');
    await setCache('a.example', { fetchedAt: 1 });
    expect(storage.local.data.has('cache:a.example')).toBe(false);
  });
});
