import browser from 'webextension-polyfill';
import { isDiscourseError, type DiscourseError } from '../discourse/errors';
import type { Notification, Totals } from '../discourse/schemas';
import type { RemovableStorage } from '../discourse/ports';
import type { ForumSummary, InboxItem } from '../messages/protocol';
import type { ForumRecord, ForumRegistry } from './forumRegistry';
import { notificationActor, notificationTitle, notificationUrl } from './notificationText';
import { afterPoll, budgetInterval, firstPoll, wakeUp, type PollState } from './pollSchedule';
import { loadSettings } from './settings';

/**
 * The notification inbox of every forum: counts polled in the background within budget, the
 * list fetched only when counts change or the popup opens, everything cached in `storage.local`
 * so the popup paints at once, the toolbar badge, and desktop notifications (never repeated).
 */

interface ForumCache {
  totals: Totals | null;
  notifications: Notification[];
  fetchedAt: number | null;
  problem: { kind: string; message: string; until?: number } | null;
  /** id → name, from /site.json (once a day). */
  types: Record<string, string>;
  typesAt: number | null;
  /** The highest notification id already considered for a desktop notification. */
  lastNotifiedId: number | null;
  poll: PollState;
  /** What an open tab of the forum shows in its header (the free badge refresh). */
  pageUnread?: { count: number; at: number };
}

const cacheKey = (id: string) => `cache:${id}`;
const LIST_SIZE = 30;
const DAY = 86_400_000;

export interface Desktop {
  /** Shows one desktop notification; `id` comes back on click. */
  show(id: string, title: string, message: string): Promise<void>;
  /** Is a tab of this forum the focused one? (quiet then) */
  forumFocused(baseUrl: string): Promise<boolean>;
}

export class Inbox {
  constructor(
    private readonly registry: ForumRegistry,
    private readonly storage: RemovableStorage,
    private readonly desktop: Desktop,
  ) {}

  async cache(id: string): Promise<ForumCache> {
    const stored = (await this.storage.local.get(cacheKey(id))) as Partial<ForumCache> | undefined;
    return {
      totals: null,
      notifications: [],
      fetchedAt: null,
      problem: null,
      types: {},
      typesAt: null,
      lastNotifiedId: null,
      poll: firstPoll(Date.now()),
      ...(stored ?? {}),
    };
  }

  private async saveCache(id: string, cache: ForumCache): Promise<void> {
    await this.storage.local.set(cacheKey(id), cache);
  }

  /** A disconnected forum's cache goes with it (storage ignores a value set to undefined). */
  async forget(id: string): Promise<void> {
    await this.storage.remove([cacheKey(id)]);
  }

  /** From the alarm: poll every forum that is due, in the background lane. */
  async pollDue(): Promise<void> {
    const now = Date.now();
    for (const forum of await this.registry.list()) {
      if (forum.status !== 'connected') continue;
      const cache = await this.cache(forum.id);
      if (cache.poll.nextAt <= now) await this.refresh(forum, 'background');
    }
    await this.updateBadge();
  }

  /**
   * Totals first; the list only if the counts moved (or `withList`). New unread notifications
   * become desktop notifications, once each.
   */
  async refresh(forum: ForumRecord, lane: 'background' | 'interactive', withList = false, wake = false): Promise<void> {
    const cache = await this.cache(forum.id);
    // The popup opened: the forum is back to the base pace.
    if (wake) cache.poll = wakeUp(Date.now());
    let changed = false;
    let requests = 0;
    try {
      await this.registry.use(forum.id, async (client) => {
        if (!cache.typesAt || Date.now() - cache.typesAt > DAY) {
          const site = await client.site({ lane });
          cache.types = Object.fromEntries(Object.entries(site.notification_types).map(([name, id]) => [String(id), name]));
          cache.typesAt = Date.now();
        }
        const totals = await client.totals({ lane, fresh: true });
        requests++;
        changed = !cache.totals || totals.unread_notifications !== cache.totals.unread_notifications || totals.unread_personal_messages !== cache.totals.unread_personal_messages;
        cache.totals = totals;
        if (changed || withList || !cache.fetchedAt) {
          const list = await client.notifications({ recent: true, limit: LIST_SIZE }, { lane, fresh: true });
          cache.notifications = list.notifications;
          requests++;
        }
      });
      cache.fetchedAt = Date.now();
      cache.problem = null;
      await this.announce(forum, cache);
    } catch (error) {
      cache.problem = problemOf(error);
    }
    const throttle = await this.registry.throttleOf(forum.id).catch(() => null);
    const limits = throttle?.snapshot().limits;
    const minInterval = Math.max(limits ? budgetInterval(limits.perDay, 0.5) : 0, (forum.pollMinutes ?? 0) * 60_000);
    cache.poll = afterPoll(cache.poll, changed, Date.now(), minInterval || undefined, requests);
    if (cache.problem?.until) cache.poll.nextAt = Math.max(cache.poll.nextAt, cache.problem.until);
    await this.saveCache(forum.id, cache);
  }

  private async announce(forum: ForumRecord, cache: ForumCache): Promise<void> {
    const newest = Math.max(0, ...cache.notifications.map((n) => n.id));
    // First look after connecting: what is there is not news.
    if (cache.lastNotifiedId === null) {
      cache.lastNotifiedId = newest;
      return;
    }
    const fresh = cache.notifications.filter((n) => n.id > cache.lastNotifiedId! && !n.read).sort((a, b) => a.id - b.id);
    cache.lastNotifiedId = Math.max(cache.lastNotifiedId, newest);
    // Saved before showing: a worker killed right after must not show them again.
    await this.saveCache(forum.id, cache);
    if (!fresh.length) return;
    const settings = await loadSettings();
    if (!settings.desktop.enabled) return;
    if (settings.desktop.quietWhenForumOpen && (await this.desktop.forumFocused(forum.baseUrl))) return;
    for (const n of fresh) {
      const typeName = cache.types[String(n.notification_type)] ?? 'notification';
      if (!settings.desktop.types.includes(typeName)) continue;
      const actor = notificationActor(n);
      await this.desktop.show(`${forum.id}|${n.id}`, `${forum.title}: ${typeName.replace(/_/g, ' ')}${actor ? ` by ${actor}` : ''}`, notificationTitle(n, typeName));
    }
  }

  async view(scope: string, refresh: boolean): Promise<{ forums: ForumSummary[]; notifications: InboxItem[] }> {
    const forums = (await this.registry.list()).filter((f) => scope === 'all' || f.id === scope);
    if (refresh) {
      await Promise.all(
        forums
          .filter((f) => f.status === 'connected')
          .map((forum) => this.refresh(forum, 'interactive', true, true)),
      );
      await this.updateBadge();
    }
    const summaries: ForumSummary[] = [];
    const items: InboxItem[] = [];
    for (const forum of forums) {
      const cache = await this.cache(forum.id);
      const snapshot = (await this.registry.throttleOf(forum.id).catch(() => null))?.snapshot();
      summaries.push({
        id: forum.id,
        title: forum.title,
        baseUrl: forum.baseUrl,
        status: forum.status,
        unread: unreadOf(cache),
        highPriority: highPriorityOf(cache),
        canWrite: forum.scopes.includes('write'),
        problem: cache.problem,
        fetchedAt: cache.fetchedAt,
        budget: snapshot
          ? { usedThisMinute: snapshot.usedThisMinute, perMinute: snapshot.limits.perMinute, usedToday: snapshot.usedToday, perDay: snapshot.limits.perDay, pausedUntil: snapshot.pausedUntil }
          : null,
      });
      items.push(...cache.notifications.map((n) => toItem(forum, cache, n)));
    }
    items.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    return { forums: summaries, notifications: items };
  }

  async more(forumId: string, offset: number): Promise<{ notifications: InboxItem[]; more: boolean }> {
    const forum = await this.registry.get(forumId);
    if (!forum) return { notifications: [], more: false };
    const cache = await this.cache(forumId);
    const page = await this.registry.use(forumId, (client) => client.notifications({ limit: LIST_SIZE, offset }));
    return { notifications: page.notifications.map((n) => toItem(forum, cache, n)), more: offset + page.notifications.length < (page.total_rows_notifications ?? 0) };
  }

  async markRead(forumId: string, notificationId?: number): Promise<void> {
    const forum = await this.registry.get(forumId);
    if (!forum) return;
    await this.registry.use(forumId, (client) => client.markRead(notificationId));
    const cache = await this.cache(forumId);
    cache.notifications = cache.notifications.map((n) => (notificationId === undefined || n.id === notificationId ? { ...n, read: true } : n));
    await this.saveCache(forumId, cache);
    await this.refresh(forum, 'interactive');
    await this.updateBadge();
  }

  /** The URL of a notification's post, for opening it. */
  async urlOf(forumId: string, notificationId: number): Promise<string | null> {
    const forum = await this.registry.get(forumId);
    const cache = await this.cache(forumId);
    const n = cache.notifications.find((x) => x.id === notificationId);
    return forum && n ? notificationUrl(forum.baseUrl, n) : null;
  }

  /** A forum tab's header count: fresher than our last poll, and free. */
  async setPageUnread(forumId: string, count: number): Promise<void> {
    const cache = await this.cache(forumId);
    cache.pageUnread = { count, at: Date.now() };
    await this.saveCache(forumId, cache);
    await this.updateBadge();
  }

  /** The toolbar badge: the unread total, or the state that keeps it from being right. */
  async updateBadge(): Promise<void> {
    const settings = await loadSettings();
    const forums = await this.registry.list();
    let total = 0;
    const lines: string[] = [];
    let state: 'ok' | 'reconnect' | 'limited' | 'offline' = 'ok';
    for (const forum of forums) {
      const cache = await this.cache(forum.id);
      const count = settings.badge === 'high_priority' ? highPriorityOf(cache) : unreadOf(cache);
      total += count;
      if (forum.status === 'needs_reconnect') {
        state = 'reconnect';
        lines.push(`${forum.title}: needs reconnect`);
      } else if (cache.problem?.kind === 'RateLimited' && cache.problem.until && cache.problem.until > Date.now()) {
        if (state === 'ok') state = 'limited';
        lines.push(`${forum.title}: rate-limited until ${new Date(cache.problem.until).toLocaleTimeString()}`);
      } else if (cache.problem && ['Offline', 'Network'].includes(cache.problem.kind)) {
        if (state === 'ok') state = 'offline';
        lines.push(`${forum.title}: ${cache.problem.kind === 'Offline' ? 'offline' : 'cannot reach the forum'}`);
      } else {
        lines.push(`${forum.title}: ${count} unread`);
      }
    }
    const text = state === 'reconnect' ? '!' : state === 'offline' ? 'off' : total > 999 ? '999+' : total > 0 ? String(total) : state === 'limited' ? '…' : '';
    const color = state === 'reconnect' ? '#cf222e' : state === 'offline' || state === 'limited' ? '#9a6700' : '#0969da';
    await browser.action.setBadgeText({ text });
    await browser.action.setBadgeBackgroundColor({ color });
    await browser.action.setTitle({ title: ['Discourse Companion', ...lines].join('\n') });
  }
}

function unreadOf(cache: ForumCache): number {
  if (cache.pageUnread && cache.pageUnread.at > (cache.fetchedAt ?? 0)) return cache.pageUnread.count;
  return (cache.totals?.unread_notifications ?? 0) + (cache.totals?.unread_personal_messages ?? 0);
}

function highPriorityOf(cache: ForumCache): number {
  return cache.notifications.filter((n) => !n.read && n.high_priority).length;
}

function toItem(forum: ForumRecord, cache: ForumCache, n: Notification): InboxItem {
  const typeName = cache.types[String(n.notification_type)] ?? 'unknown';
  return {
    forumId: forum.id,
    id: n.id,
    type: n.notification_type,
    typeName,
    read: n.read,
    highPriority: n.high_priority ?? false,
    createdAt: n.created_at,
    title: notificationTitle(n, typeName),
    actor: notificationActor(n),
    topicId: n.topic_id ?? null,
    postNumber: n.post_number ?? null,
    url: notificationUrl(forum.baseUrl, n),
  };
}

function problemOf(error: unknown): ForumCache['problem'] {
  if (isDiscourseError(error)) {
    const e = error as DiscourseError;
    return { kind: e.kind, message: e.message, ...(e.details.until ? { until: e.details.until } : {}) };
  }
  return { kind: 'Internal', message: 'The last refresh failed.' };
}
