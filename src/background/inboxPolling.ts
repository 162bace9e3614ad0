import type { ForumRegistry } from './forumRegistry';
import type { ForumRefresh } from './forumRefresh';
import type { InboxCache } from './inboxCache';
import { wakeUp } from './pollSchedule';
import { loadSettings } from './settings';
import type { ToolbarBadge } from './toolbarBadge';
import { visibleUntil, type VisibleTabsStore } from './visibleTabs';

/**
 * Background polling of every forum, each on its own schedule (pollSchedule.ts): none while a tab
 * of the forum is visible (its header count feeds the badge), then asleep until the next is due.
 */
export class InboxPolling {
  constructor(
    private readonly registry: ForumRegistry,
    private readonly caches: InboxCache,
    private readonly tabs: VisibleTabsStore,
    private readonly refresher: ForumRefresh,
    private readonly badge: ToolbarBadge,
    /** Asks to be woken (`pollDue`) at `at`, the earliest time a forum is due. */
    private readonly wakeAt: (at: number) => Promise<void>,
  ) {}

  /**
   * From the alarms (and a connect, a restart, the user's return): poll every forum that is due,
   * in the background lane, then sleep until the next is. Forums in parallel, so one forum paused
   * by a rate limit never holds up the others; triggers often fire together, and a forum already
   * refreshing is not asked twice (`refresh`).
   */
  async pollDue(): Promise<void> {
    const forums = (await this.registry.list()).filter((forum) => forum.status === 'connected');
    const visible = await this.tabs.read();
    // The page's header count is all a visible tab gives: what needs the list (desktop
    // notifications that the open forum does not silence, a high-priority badge) keeps polling.
    const settings = await loadSettings();
    const listNeeded =
      settings.badge === 'high_priority' || (settings.desktop.enabled && !settings.desktop.quietWhenForumOpen);
    const nexts = await Promise.allSettled(
      forums.map(async (forum) => {
        const nextAt = (await this.caches.read(forum.id)).poll.nextAt;
        // A visible tab of the forum feeds the badge for free: look again when its claim lapses.
        const shownUntil = listNeeded ? null : visibleUntil(visible, forum.id, Date.now());
        if (shownUntil !== null) return Math.max(nextAt, shownUntil);
        if (nextAt <= Date.now()) await this.refresher.refresh(forum, 'background');
        return (await this.caches.read(forum.id)).poll.nextAt;
      }),
    );
    await this.badge.update();
    const next = Math.min(...nexts.map((r) => (r.status === 'fulfilled' ? r.value : Date.now() + 60_000)));
    if (Number.isFinite(next)) await this.wakeAt(next);
  }

  /** The user is back: every forum is due now (unless it asked us to wait). */
  async wakeAll(): Promise<void> {
    for (const forum of await this.registry.list()) {
      await this.caches.edit(forum.id, (cache) => ({
        ...cache,
        poll: wakeUp(Math.max(Date.now(), cache.problem?.until ?? 0)),
      }));
    }
    await this.pollDue();
  }
}
