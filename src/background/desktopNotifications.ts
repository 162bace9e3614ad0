import type { Notification } from '../discourse/schemas';
import { t } from '../messages/i18n';
import type { ForumRecord } from './forumRegistry';
import { describeCached, highest, merged, type ForumCache, type InboxCache } from './inboxCache';
import { loadSettings } from './settings';

/** What desktop notifications need from the browser. */
export interface DesktopHost {
  /** Shows one desktop notification; `id` comes back on click. */
  show(id: string, title: string, message: string): Promise<void>;
  /** Is a tab of this forum the focused one? (quiet then) */
  forumFocused(baseUrl: string): Promise<boolean>;
}

/** New unread notifications as desktop notifications, as the settings ask, never one twice. */
export class DesktopNotifications {
  constructor(
    private readonly caches: InboxCache,
    private readonly host: DesktopHost,
  ) {}

  /** After a refresh of `forum` that started at `startedAt` and learned `cache`. */
  async announce(forum: ForumRecord, cache: ForumCache, startedAt: number): Promise<void> {
    const newest = Math.max(0, ...cache.notifications.map((n) => n.id));
    let fresh: Notification[] = [];
    // Decided and saved in the cache's queue: what another refresh announced meanwhile is not
    // news either, and a worker killed right after saving must not show them again.
    await this.caches.edit(forum.id, (latest) => {
      const known = highest(latest.lastNotifiedId, cache.lastNotifiedId);
      // First look after connecting: what is there is not news.
      if (known === null) {
        cache.lastNotifiedId = newest;
        return null;
      }
      fresh = cache.notifications.filter((n) => n.id > known && !n.read).sort((a, b) => a.id - b.id);
      cache.lastNotifiedId = Math.max(known, newest);
      return merged(latest, cache, startedAt);
    });
    if (!fresh.length) return;
    const settings = await loadSettings();
    if (!settings.desktop.enabled) return;
    if (settings.desktop.quietWhenForumOpen && (await this.host.forumFocused(forum.baseUrl))) return;
    for (const n of fresh) {
      const { view } = describeCached(forum, cache, n);
      if (!settings.desktop.types.includes(view.group)) continue;
      await this.host.show(
        `${forum.id}|${n.id}`,
        view.actor
          ? t('desktopTitleBy', forum.title, view.label, view.actor)
          : t('desktopTitle', forum.title, view.label),
        view.title,
      );
    }
  }
}
