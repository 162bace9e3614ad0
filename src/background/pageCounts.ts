import { unreadOf } from './badgeCount';
import type { InboxCache } from './inboxCache';
import type { InboxPolling } from './inboxPolling';
import type { ToolbarBadge } from './toolbarBadge';
import { forgetTab, noteTab, type VisibleTabsStore } from './visibleTabs';

/** What forum tabs report: their header's unread count (the free badge refresh), and whether the user sees them. */
export class PageCounts {
  constructor(
    private readonly caches: InboxCache,
    private readonly tabs: VisibleTabsStore,
    private readonly badge: ToolbarBadge,
    private readonly polling: InboxPolling,
  ) {}

  /**
   * A forum tab's header count, free. It is as fresh as `since` (a page rendered before our last
   * fetch or mark-read is older news than what we know, and never overrides it); a page cannot
   * claim to be from the future.
   */
  async setPageUnread(
    forumId: string,
    count: number,
    since: number,
    tab: { tabId?: number; visible: boolean } = { visible: false },
  ): Promise<void> {
    const { tabId, visible } = tab;
    if (tabId !== undefined) await this.tabs.edit((tabs) => noteTab(tabs, forumId, tabId, visible, Date.now()));
    const at = Math.min(Math.max(0, since), Date.now());
    let news = false;
    await this.caches.edit(forumId, (cache) => {
      if (cache.pageUnread?.count === count && cache.pageUnread.at >= at) return null; // a heartbeat with nothing new
      news = true;
      // The page's bell moved: the cached list is missing rows (or read marks), whatever the counts say.
      return { ...cache, pageUnread: { count, at }, ...(count !== unreadOf(cache) ? { listStale: true } : {}) };
    });
    if (news) await this.badge.update();
  }

  /** A tab closed without its page saying so (Firefox): polling resumes for its forum at once. */
  async tabClosed(tabId: number): Promise<void> {
    const before = await this.tabs.read();
    if (!Object.values(before).some((forum) => String(tabId) in forum)) return;
    await this.tabs.edit((tabs) => forgetTab(tabs, tabId, Date.now()));
    await this.polling.pollDue();
  }
}
