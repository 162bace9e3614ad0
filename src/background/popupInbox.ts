import type { Notification } from '../discourse/schemas';
import type { ForumSummary, InboxItem } from '../messages/protocol';
import type { InboxView } from '../messages/inboxView';
import { absoluteImageUrl } from '../discourse/forumUrl';
import { highPriorityOf, unreadOf } from './badgeCount';
import type { ForumRecord, ForumRegistry } from './forumRegistry';
import { LIST_SIZE, type ForumRefresh } from './forumRefresh';
import { describeCached, type ForumCache, type InboxCache } from './inboxCache';
import type { ToolbarBadge } from './toolbarBadge';

/** What the popup shows of the inbox and does with it: every forum's rows, older rows, mark read. */
export class PopupInbox {
  constructor(
    private readonly registry: ForumRegistry,
    private readonly caches: InboxCache,
    private readonly refresher: ForumRefresh,
    private readonly badge: ToolbarBadge,
  ) {}

  /** `refresh`: the popup opened (one request per forum at most); `force`: the user asked, all of it. */
  async view(scope: string, refresh: boolean, force = false): Promise<InboxView> {
    const forums = (await this.registry.list()).filter((f) => scope === 'all' || f.id === scope);
    if (refresh) {
      await Promise.all(
        forums
          .filter((f) => f.status === 'connected')
          .map((forum) => this.refresher.refresh(forum, 'interactive', true, !force)),
      );
      await this.badge.update();
    }
    const summaries: ForumSummary[] = [];
    const items: InboxItem[] = [];
    for (const forum of forums) {
      const cache = await this.caches.read(forum.id);
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
        skipped: cache.skipped ?? 0,
        hasAdminKey: !!(await this.registry.adminSecret(forum.id)),
        logoUrl: forum.logoUrl ? absoluteImageUrl(forum.baseUrl, forum.logoUrl) : null,
        budget: snapshot
          ? {
              usedThisMinute: snapshot.usedThisMinute,
              perMinute: snapshot.limits.perMinute,
              usedToday: snapshot.usedToday,
              perDay: snapshot.limits.perDay,
              pausedUntil: snapshot.pausedUntil,
            }
          : null,
      });
      items.push(...cache.notifications.map((n) => toItem(forum, cache, n)));
    }
    // Newest first; a notification without a readable date goes last.
    items.sort((a, b) => (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0));
    return { forums: summaries, notifications: items };
  }

  async more(forumId: string, offset: number): Promise<{ notifications: InboxItem[]; more: boolean }> {
    const forum = await this.registry.get(forumId);
    if (!forum) return { notifications: [], more: false };
    const cache = await this.caches.read(forumId);
    const page = await this.registry.use(forumId, (client) => client.notifications({ limit: LIST_SIZE, offset }));
    return {
      notifications: page.notifications.map((n) => toItem(forum, cache, n)),
      more: offset + page.notifications.length < (page.total_rows_notifications ?? 0),
    };
  }

  async markRead(forumId: string, notificationId?: number): Promise<void> {
    const forum = await this.registry.get(forumId);
    if (!forum) return;
    await this.registry.use(forumId, (client) => client.markRead(notificationId));
    await this.caches.edit(forumId, (cache) => ({
      ...cache,
      notifications: cache.notifications.map((n) =>
        notificationId === undefined || n.id === notificationId ? { ...n, read: true } : n,
      ),
      // Discourse's mark-read also moves seen_notification_id: the bell is 0 from now on, whatever
      // the refresh below manages, and no tab rendered before now may say otherwise.
      totals: cache.totals ? { ...cache.totals, unread_notifications: 0, unread_personal_messages: 0 } : cache.totals,
      fetchedAt: Date.now(),
    }));
    await this.refresher.refresh(forum, 'interactive');
    await this.badge.update();
  }

  /**
   * The "mark all read" shortcut: every connected forum with something unread (its bell, or rows
   * its bell no longer counts) is marked read; the badge says how that went. Returns how many.
   */
  async markEverythingRead(): Promise<number> {
    let marked = 0;
    for (const forum of await this.registry.list()) {
      if (forum.status !== 'connected') continue;
      const cache = await this.caches.read(forum.id);
      if (unreadOf(cache) === 0 && !cache.notifications.some((n) => !n.read)) continue;
      // One forum failing (offline, rate-limited) must not keep the others unread.
      await this.markRead(forum.id).catch(() => undefined);
      marked++;
    }
    await this.badge.update();
    return marked;
  }

  /** The URL of a notification's post, for opening it. */
  async urlOf(forumId: string, notificationId: number): Promise<string | null> {
    const forum = await this.registry.get(forumId);
    const cache = await this.caches.read(forumId);
    const n = cache.notifications.find((x) => x.id === notificationId);
    return forum && n ? describeCached(forum, cache, n).view.url : null;
  }
}

function toItem(forum: ForumRecord, cache: ForumCache, n: Notification): InboxItem {
  const { typeName, view } = describeCached(forum, cache, n);
  return {
    forumId: forum.id,
    id: n.id,
    type: n.notification_type,
    typeName,
    read: n.read,
    highPriority: n.high_priority ?? false,
    createdAt: n.created_at,
    title: view.title,
    actor: view.actor,
    label: view.label,
    icon: view.icon,
    group: view.group,
    topicId: n.topic_id ?? null,
    postNumber: n.post_number ?? null,
    url: view.url,
    byline: view.byline,
    avatar: view.avatar,
  };
}
