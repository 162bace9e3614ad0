import { bellCount } from '../discourse/notifications';
import type { Notification, Totals } from '../discourse/schemas';

/** What a forum's badge count is made of (the inbox cache's fields). */
export interface CountSources {
  totals: Totals | null;
  /** When the extension last learned the forum's state itself (a poll, or right after marking read). */
  fetchedAt: number | null;
  /** An open tab's header count, and the time that count was true. */
  pageUnread?: { count: number; at: number } | undefined;
}

/**
 * The forum's bell, as its own header shows it. An open tab's count is free and often fresher,
 * but only a count that was true after what the extension itself last learned may win: a tab
 * rendered before a mark-read must not bring the old number back.
 */
export function unreadOf(sources: CountSources): number {
  if (sources.pageUnread && sources.pageUnread.at > (sources.fetchedAt ?? 0)) return sources.pageUnread.count;
  return bellCount(sources.totals);
}

/** The unread high-priority notifications (private messages and the like) of the cached list: the badge when the settings ask for those only. */
export function highPriorityOf(cache: { notifications: Notification[] }): number {
  return cache.notifications.filter((n) => !n.read && n.high_priority).length;
}
