// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from './memoryStorage';
import { connectTess } from './forumRecords';
import { ForumRegistry, type ForumRecord } from '../../src/background/forumRegistry';
import { memorySecrets } from '../../src/background/secretStore';
import { Forum } from '../forum/forum';
import { PAGE_VISIBLE_TTL_MS } from '../../src/messages/pageHeartbeat';
import { INBOX_VIEW_KEY } from '../../src/messages/inboxView';

/** storage.sync as the settings see it (desktop notifications off unless a test turns them on). */
let syncItems: Record<string, unknown> = {};
vi.mock('webextension-polyfill', () => ({
  default: {
    action: {
      setBadgeText: async () => undefined,
      setBadgeBackgroundColor: async () => undefined,
      setTitle: async () => undefined,
    },
    storage: { sync: { get: async () => syncItems, set: async () => undefined } },
  },
}));
const { Inbox } = await import('../../src/background/inbox');

let forum: Forum;
beforeEach(async () => {
  forum = new Forum({ limits: { limitLoopback: false } });
  await forum.listen(0);
});
afterEach(async () => {
  syncItems = {};
  vi.useRealTimers();
  await forum.close();
});

async function setup(
  limits: ForumRecord['limits'] | undefined = { perMinute: 1200, perDay: 100_000 },
  shown: string[] = [],
) {
  const storage = memoryStorage();
  const { local } = storage;
  const registry = new ForumRegistry(storage, memorySecrets(), fetch);
  // (Raised limits: background pacing would spread these polls over seconds; the sandbox's own limits are off.)
  const tess = await connectTess(forum, registry, limits);
  const inbox = new Inbox(registry, storage, {
    show: async (id: string) => void shown.push(id),
    forumFocused: async () => false,
    userAway: async () => false,
    wakeAt: async () => undefined,
  });
  const requests = () => forum.log.filter((e) => e.auth === 'user_api_key').map((e) => e.path.replace(/\?.*/, ''));
  const makeDue = async () => {
    const cache = (await local.get('cache:sandbox')) as { poll: { nextAt: number } };
    await local.set('cache:sandbox', { ...cache, poll: { ...cache.poll, nextAt: 0 } });
  };
  return { inbox, local, requests, makeDue, tess };
}

describe('no request to a forum while one of its tabs is visible (its header count feeds the badge)', () => {
  it('skips the due poll while a tab says it is visible, and polls once the last one hides or closes', async () => {
    const { inbox, requests, makeDue } = await setup();
    await inbox.pollDue();
    const first = requests().length;
    expect(first).toBeGreaterThan(0);

    await makeDue();
    await inbox.setPageUnread('sandbox', 2, Date.now(), { tabId: 7, visible: true });
    await inbox.pollDue();
    expect(requests().length).toBe(first);

    await inbox.setPageUnread('sandbox', 2, Date.now(), { tabId: 7, visible: false });
    await inbox.pollDue();
    expect(requests().slice(first)).toEqual(['/notifications/totals.json']);

    // Two tabs: the forum stays quiet until the last visible one hides (or closes: pagehide).
    await makeDue();
    await inbox.setPageUnread('sandbox', 2, Date.now(), { tabId: 9, visible: true });
    await inbox.setPageUnread('sandbox', 2, Date.now(), { tabId: 11, visible: true });
    await inbox.setPageUnread('sandbox', 2, Date.now(), { tabId: 9, visible: false });
    await inbox.pollDue();
    expect(requests().length).toBe(first + 1);
    await inbox.setPageUnread('sandbox', 2, Date.now(), { tabId: 11, visible: false });
    await inbox.pollDue();
    expect(requests().length).toBe(first + 2);
  });

  it('a tab closed without a word (Firefox drops pagehide messages) stops counting when the browser says it closed', async () => {
    const { inbox, requests, makeDue } = await setup();
    await inbox.pollDue();
    await makeDue();
    const before = requests().length;
    await inbox.setPageUnread('sandbox', 0, Date.now(), { tabId: 5, visible: true });
    await inbox.tabClosed(8); // some other tab
    await inbox.pollDue();
    expect(requests().length).toBe(before);
    await inbox.tabClosed(5);
    await inbox.pollDue();
    expect(requests().length).toBe(before + 1);
  });

  it('a tab that stops saying so (crashed, message lost) stops counting after its claim lapses', async () => {
    const { inbox, requests, makeDue } = await setup();
    await inbox.pollDue();
    await makeDue();
    const before = requests().length;
    vi.useFakeTimers({ toFake: ['Date'] });
    await inbox.setPageUnread('sandbox', 0, Date.now(), { tabId: 3, visible: true });
    vi.setSystemTime(Date.now() + PAGE_VISIBLE_TTL_MS - 1_000);
    await inbox.pollDue();
    expect(requests().length).toBe(before);
    vi.setSystemTime(Date.now() + 2_000);
    await inbox.pollDue();
    expect(requests().length).toBe(before + 1);
  });
});

describe('opening the popup costs a forum one request at most', () => {
  it('fresh counts and list: none; counts moved since the list: the list only; old counts: the totals; Refresh now: both', async () => {
    const { inbox, requests, makeDue, tess } = await setup();
    await inbox.pollDue();
    let before = requests().length;
    await inbox.view('all', true);
    expect(requests().slice(before)).toEqual([]);

    // A reply arrives; the background poll sees the counts move but needs no list for the badge.
    const topic = forum.store.topics.find(
      (t) =>
        t.userId === tess.id && t.archetype === 'regular' && !forum.store.categoryById(t.categoryId)!.readRestricted,
    )!;
    forum.store.createPost({
      user: forum.store.userByName('kenji')!,
      topic,
      raw: 'A reply that reaches tess as a notification.',
    });
    await makeDue();
    await inbox.pollDue();
    before = requests().length;
    const view = await inbox.view('all', true);
    expect(requests().slice(before)).toEqual(['/notifications.json']);
    expect(view.notifications[0]!.actor).toBe('kenji');

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 60_000);
    before = requests().length;
    await inbox.view('all', true);
    expect(requests().slice(before)).toEqual(['/notifications/totals.json']);

    before = requests().length;
    await inbox.view('all', true, true);
    expect(requests().slice(before)).toEqual(['/notifications/totals.json', '/notifications.json']);
  });

  it('a visible tab’s header count that moved makes the next open fetch the list (the counts it covers)', async () => {
    const { inbox, requests } = await setup();
    await inbox.pollDue();
    await inbox.setPageUnread('sandbox', 0, Date.now(), { tabId: 4, visible: true });
    let before = requests().length;
    await inbox.view('all', true);
    expect(requests().slice(before)).toEqual(['/notifications.json']);
    before = requests().length;
    await inbox.view('all', true);
    expect(requests().slice(before)).toEqual([]);
    await inbox.setPageUnread('sandbox', 1, Date.now(), { tabId: 4, visible: true });
    before = requests().length;
    await inbox.view('all', true);
    expect(requests().slice(before)).toEqual(['/notifications.json']);
  });

  it('the view the popup paints first is stored after every change, without keys', async () => {
    const { inbox, local } = await setup();
    await inbox.pollDue();
    const stored = (await local.get(INBOX_VIEW_KEY)) as {
      forums: { id: string; unread: number }[];
      notifications: unknown[];
    };
    expect(stored.forums.map((f) => f.id)).toEqual(['sandbox']);
    expect(stored.notifications.length).toBeGreaterThan(0);
    await inbox.setPageUnread('sandbox', 42, Date.now(), { visible: false });
    expect(((await local.get(INBOX_VIEW_KEY)) as { forums: { unread: number }[] }).forums[0]!.unread).toBe(42);
  });
});

describe('a long rate limit', () => {
  it('a forced refresh that meets the key’s daily limit says until when, at once', async () => {
    const { inbox } = await setup(undefined);
    void inbox.pollDue();
    await inbox.view('all', true);
    void inbox.pollDue();
    forum.addFault({
      path: '/notifications',
      kind: 'rate-limit',
      retryAfterSeconds: 3600,
      code: 'user_api_key_limiter_1_day',
    });
    const started = Date.now();
    const view = await inbox.view('all', true, true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(view.forums[0]!.problem).toMatchObject({ kind: 'RateLimited', until: expect.any(Number) });
    expect(view.forums[0]!.problem!.until!).toBeGreaterThan(Date.now() + 3_000_000);
  });
});

describe('the "mark all read" shortcut', () => {
  it('marks every forum with something unread read on the forum, and the badge count goes to 0', async () => {
    const { inbox, requests } = await setup();
    const before = await inbox.view('all', true);
    expect(before.forums[0]!.unread).toBeGreaterThan(0);
    expect(await inbox.markEverythingRead()).toBe(1);
    expect(requests()).toContain('/notifications/mark-read.json');
    const after = await inbox.view('all', false);
    expect(after.forums[0]!.unread).toBe(0);
    expect(after.notifications.filter((n) => !n.read)).toEqual([]);
    // Nothing left unread: nothing sent.
    const sent = requests().length;
    expect(await inbox.markEverythingRead()).toBe(0);
    expect(requests().length).toBe(sent);
  });
});

describe('desktop notifications', () => {
  it('two refreshes at once (a click and a background poll) show a new notification once, and never again', async () => {
    syncItems = {
      settings: {
        desktop: {
          enabled: true,
          types: ['mentions', 'replies', 'messages', 'likes', 'other'],
          quietWhenForumOpen: false,
        },
      },
    };
    const shown: string[] = [];
    const { inbox, tess } = await setup(undefined, shown);
    await inbox.view('all', true); // the first look: what is there is not news
    expect(shown).toEqual([]);
    const priya = forum.store.userByName('priya')!;
    const topic = forum.store.topics.find((t) => t.archetype === 'regular')!;
    forum.store.addNotification({
      userId: tess.id,
      notificationType: 1,
      read: false,
      highPriority: false,
      createdAt: new Date().toISOString(),
      topicId: topic.id,
      postNumber: 1,
      data: { display_username: priya.username, topic_title: topic.title },
    });
    await Promise.all([inbox.view('all', true, true), inbox.view('all', true, true), inbox.pollDue()]);
    await inbox.view('all', true, true);
    expect(shown).toHaveLength(1);
  });
});

describe('counts where /notifications/totals.json falls short', () => {
  const desktopOn = () => {
    syncItems = {
      settings: {
        desktop: {
          enabled: true,
          types: ['mentions', 'replies', 'messages', 'likes', 'other'],
          quietWhenForumOpen: false,
        },
      },
    };
  };
  /** The requests for counts and list (the daily /site.json aside). */
  const counting = (paths: string[]) => paths.filter((p) => p !== '/site.json');
  /** Ada (staff) writes tess a personal message: the forum notifies tess (private_message, high priority). */
  const messageTess = () =>
    forum.store.createTopic({
      user: forum.store.userByName('ada')!,
      title: 'Welcome aboard, a word from the staff',
      raw: 'A message only tess and the staff can read.',
      categoryId: 0,
      archetype: 'private_message',
      recipients: [forum.store.userByName('tess')!],
    });

  it('a forum before Discourse 3.3 (totals answer 404): the badge, the list and desktop notifications come from /session/current.json', async () => {
    forum.reset({ limits: { limitLoopback: false }, noNotificationTotals: true });
    desktopOn();
    const shown: string[] = [];
    const { inbox, requests, makeDue, tess } = await setup({ perMinute: 1200, perDay: 100_000 }, shown);
    const first = await inbox.view('all', true);
    expect(first.forums[0]!.problem).toBeNull();
    expect(first.notifications.length).toBeGreaterThan(0);
    expect(first.forums[0]!.unread).toBe(forum.store.unreadCounts(tess.id).all);
    expect(requests()).toEqual(['/notifications/totals.json', '/session/current.json', '/notifications.json']);

    messageTess();
    await makeDue();
    let before = requests().length;
    await inbox.pollDue();
    // The missing route is remembered: one request a poll, and the list for the new notification.
    expect(counting(requests().slice(before))).toEqual(['/session/current.json', '/notifications.json']);
    expect(shown).toHaveLength(1);
    const after = await inbox.view('all', false);
    expect(after.forums[0]!.unread).toBe(forum.store.unreadCounts(tess.id).all);
    expect(after.forums[0]!.unread).toBe(first.forums[0]!.unread + 1);

    // A day later the forum may have upgraded: the totals are asked again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 25 * 3_600_000);
    before = requests().length;
    await inbox.view('all', true);
    expect(requests().slice(before)).toEqual([
      '/notifications/totals.json',
      '/session/current.json',
      '/notifications.json',
    ]);
  });

  it('a TL0 user (totals without unread_personal_messages): a new message moves the badge and is announced', async () => {
    desktopOn();
    const shown: string[] = [];
    const { inbox, makeDue, tess, requests } = await setup({ perMinute: 1200, perDay: 100_000 }, shown);
    tess.trustLevel = 0;
    const first = await inbox.view('all', true);
    expect(shown).toEqual([]);
    messageTess();
    await makeDue();
    await inbox.pollDue();
    expect(shown).toHaveLength(1);
    const after = await inbox.view('all', false);
    expect(after.forums[0]!.unread).toBe(first.forums[0]!.unread + 1);
    expect(after.forums[0]!.unread).toBe(forum.store.unreadCounts(tess.id).all);
    // Later polls ask the session only (one request each), until tomorrow's look at the totals.
    await makeDue();
    const before = requests().length;
    await inbox.pollDue();
    expect(counting(requests().slice(before))).toEqual(['/session/current.json']);
  });

  it('counts that fail do not keep the list from the popup that asked for it', async () => {
    const { inbox } = await setup();
    forum.addFault({ path: '/notifications/totals', kind: 'status', status: 500 });
    const view = await inbox.view('all', true, true);
    expect(view.forums[0]!.problem).not.toBeNull();
    expect(view.notifications.length).toBeGreaterThan(0);
  });
});
