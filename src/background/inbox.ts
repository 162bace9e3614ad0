import type { RemovableStorage } from '../discourse/ports';
import type { InboxView } from '../messages/inboxView';
import type { InboxItem } from '../messages/protocol';
import { DesktopNotifications, type DesktopHost } from './desktopNotifications';
import { ForumRefresh, type Lane } from './forumRefresh';
import type { ForumRecord, ForumRegistry } from './forumRegistry';
import { InboxCache } from './inboxCache';
import { InboxPolling } from './inboxPolling';
import { PageCounts } from './pageCounts';
import { PopupInbox } from './popupInbox';
import { ToolbarBadge } from './toolbarBadge';
import { VisibleTabsStore } from './visibleTabs';

/** What the inbox needs from the browser. */
export interface InboxHost extends DesktopHost {
  /** Is the user away from the computer (idle or locked)? Only then does polling slow down. */
  userAway(): Promise<boolean>;
  /** Asks to be woken (`pollDue`) at `at`, the earliest time a forum is due. */
  wakeAt(at: number): Promise<void>;
}

/**
 * The notification inbox of every forum, as the rest of the worker calls it. Each job lives in its
 * own module: the cache and its one write queue (inboxCache.ts), refreshing a forum
 * (forumRefresh.ts), the background schedule (inboxPolling.ts), what forum tabs report
 * (pageCounts.ts), the popup's rows (popupInbox.ts), the toolbar badge (toolbarBadge.ts) and
 * desktop notifications (desktopNotifications.ts).
 */
export class Inbox {
  private readonly caches: InboxCache;
  private readonly refresher: ForumRefresh;
  private readonly polling: InboxPolling;
  private readonly pages: PageCounts;
  private readonly popup: PopupInbox;
  private readonly badge: ToolbarBadge;

  constructor(registry: ForumRegistry, storage: RemovableStorage, host: InboxHost) {
    // One cache (one write queue) and one visible-tabs store shared by every part.
    const caches = new InboxCache(registry, storage);
    const tabs = new VisibleTabsStore(storage);
    this.caches = caches;
    this.refresher = new ForumRefresh(
      registry,
      caches,
      tabs,
      () => host.userAway(),
      new DesktopNotifications(caches, host),
    );
    this.badge = new ToolbarBadge(registry, caches, storage, () => this.popup.view('all', false));
    this.popup = new PopupInbox(registry, caches, this.refresher, this.badge);
    this.polling = new InboxPolling(registry, caches, tabs, this.refresher, this.badge, (at) => host.wakeAt(at));
    this.pages = new PageCounts(caches, tabs, this.badge, this.polling);
  }

  pollDue = (): Promise<void> => this.polling.pollDue();
  wakeAll = (): Promise<void> => this.polling.wakeAll();
  refresh = (forum: ForumRecord, lane: Lane, withList = false, popupOpened = false): Promise<void> =>
    this.refresher.refresh(forum, lane, withList, popupOpened);
  view = (scope: string, refresh: boolean, force = false): Promise<InboxView> => this.popup.view(scope, refresh, force);
  more = (forumId: string, offset: number): Promise<{ notifications: InboxItem[]; more: boolean }> =>
    this.popup.more(forumId, offset);
  markRead = (forumId: string, notificationId?: number): Promise<void> => this.popup.markRead(forumId, notificationId);
  markEverythingRead = (): Promise<number> => this.popup.markEverythingRead();
  urlOf = (forumId: string, notificationId: number): Promise<string | null> =>
    this.popup.urlOf(forumId, notificationId);
  setPageUnread = (
    forumId: string,
    count: number,
    since: number,
    tab?: { tabId?: number; visible: boolean },
  ): Promise<void> => this.pages.setPageUnread(forumId, count, since, tab);
  tabClosed = (tabId: number): Promise<void> => this.pages.tabClosed(tabId);
  updateBadge = (): Promise<void> => this.badge.update();
  onChange = (listener: () => void): (() => void) => this.badge.onChange(listener);
  /** A disconnected forum's cache goes with it. */
  forget = (forumId: string): Promise<void> => this.caches.forget(forumId);
}
