import type { DiscourseClient } from '../discourse/client';
import { isDiscourseError, said, wording, type DiscourseError } from '../discourse/errors';
import { totalsFromCurrentUser } from '../discourse/notifications';
import type { Totals } from '../discourse/schemas';
import type { ForumRecord, ForumRegistry } from './forumRegistry';
import type { DesktopNotifications } from './desktopNotifications';
import type { ForumCache, InboxCache } from './inboxCache';
import { afterPoll, budgetInterval, wakeUp } from './pollSchedule';
import { loadSettings } from './settings';
import { visibleUntil, type VisibleTabsStore } from './visibleTabs';

/** Notifications per list request (the popup's first page, and each "more"). */
export const LIST_SIZE = 30;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Counts polled this recently stand when the popup opens (the background polls each minute while the user is active). */
const COUNTS_FRESH_MS = 90_000;
/** A list this recent, with counts that have not moved since, is shown as it is. */
const LIST_FRESH_MS = 5 * 60_000;

export type Lane = 'background' | 'interactive';

/**
 * Refreshing one forum's inbox: its counts, its list when they moved and something needs it, the
 * names of its notification types once a day, and what it costs the forum's budget (the next poll).
 */
export class ForumRefresh {
  private readonly refreshing = new Map<string, Promise<void>>();

  constructor(
    private readonly registry: ForumRegistry,
    private readonly caches: InboxCache,
    private readonly tabs: VisibleTabsStore,
    /** Is the user away from the computer (idle or locked)? Only then does polling slow down. */
    private readonly userAway: () => Promise<boolean>,
    private readonly desktop: DesktopNotifications,
  ) {}

  /**
   * Totals first; the list only if the counts moved and something needs it, or `withList`
   * (`popupOpened`: see refreshNow). New unread notifications become desktop notifications, once each.
   */
  async refresh(forum: ForumRecord, lane: Lane, withList = false, popupOpened = false): Promise<void> {
    // A background poll while another refresh of the forum runs has nothing to add.
    const running = this.refreshing.get(forum.id);
    if (running && lane === 'background') return running;
    const done = this.refreshNow(forum, lane, withList, popupOpened);
    this.refreshing.set(forum.id, done);
    try {
      await done;
    } finally {
      if (this.refreshing.get(forum.id) === done) this.refreshing.delete(forum.id);
    }
  }

  /**
   * `popupOpened`: that costs a forum one request at most while its background polling keeps up.
   * Counts the schedule keeps current (polled within COUNTS_FRESH_MS, or the forum's slower
   * chosen pace, or kept live by a visible tab) stand, and then only the list is fetched, if the
   * counts moved since it was or it is older than LIST_FRESH_MS; type names are left to the
   * background. Counts older than that (polling fell behind) need the totals first, and the list
   * too if they moved: two requests.
   */
  private async refreshNow(forum: ForumRecord, lane: Lane, withList: boolean, opened: boolean): Promise<void> {
    const startedAt = Date.now();
    const cache = await this.caches.read(forum.id);
    const countsWindow = Math.max(COUNTS_FRESH_MS, (forum.pollMinutes ?? 0) * 60_000 + 30_000);
    const countsCovered =
      opened &&
      !cache.problem &&
      ((!!cache.totals && startedAt - (cache.fetchedAt ?? 0) < countsWindow) ||
        visibleUntil(await this.tabs.read(), forum.id, startedAt) !== null);
    const listDue = () => !cache.listAt || cache.listStale !== false || startedAt - cache.listAt > LIST_FRESH_MS;
    if (countsCovered && !listDue()) return;
    // The popup opened on stale counts: the forum is back to the base pace (a forum that asked us
    // to wait still waits). Fresh counts keep their schedule: the next poll is already due soon.
    if (opened && !countsCovered) cache.poll = wakeUp(Math.max(Date.now(), cache.problem?.until ?? 0));
    let changed = false;
    let listForChange = false;
    try {
      await this.registry.use(forum.id, async (client) => {
        if (countsCovered) {
          await this.fetchList(client, cache, lane);
          return;
        }
        if (!opened && (!cache.typesAt || Date.now() - cache.typesAt > DAY)) {
          // Type names are a nicety (core's table covers most): a failing /site.json must not
          // stop the badge, and is asked again in an hour.
          try {
            const site = await client.site({ lane });
            cache.types = Object.fromEntries(
              Object.entries(site.notification_types).map(([name, id]) => [String(id), name]),
            );
            cache.typesAt = Date.now();
          } catch (error) {
            if (isDiscourseError(error, 'InvalidKey') || isDiscourseError(error, 'RateLimited')) throw error;
            cache.typesAt = Date.now() - DAY + HOUR;
          }
        }
        const listWanted = () => (withList && (!opened || listDue())) || !cache.fetchedAt;
        let totals: Totals;
        try {
          totals = await this.counts(client, cache, lane);
        } catch (error) {
          // Counts that fail (a forum that answers 500 there) must not keep the list from a popup
          // that asked for it; the problem still shows.
          // A background poll does not spend a second request on it.
          if (
            !isDiscourseError(error, 'InvalidKey') &&
            !isDiscourseError(error, 'RateLimited') &&
            withList &&
            listWanted()
          )
            await this.fetchList(client, cache, lane).catch(() => undefined);
          throw error;
        }
        changed =
          !cache.totals ||
          totals.unread_notifications !== cache.totals.unread_notifications ||
          totals.unread_personal_messages !== cache.totals.unread_personal_messages;
        cache.totals = totals;
        if (changed) cache.listStale = true;
        // In the background the list is worth a request only for what needs it (desktop
        // notifications, a high-priority badge); an open popup fetches it itself.
        listForChange = changed && !withList && !!cache.fetchedAt && (await backgroundNeedsList());
        if (listWanted() || listForChange) await this.fetchList(client, cache, lane);
      });
      if (!countsCovered) cache.fetchedAt = Date.now();
      cache.problem = null;
      await this.desktop.announce(forum, cache, startedAt);
    } catch (error) {
      cache.problem = problemOf(error);
    }
    const throttle = await this.registry.throttleOf(forum.id).catch(() => null);
    const limits = throttle?.snapshot().limits;
    const minInterval = Math.max(limits ? budgetInterval(limits.perDay, 0.5) : 0, (forum.pollMinutes ?? 0) * 60_000);
    // A background poll that also fetched the list spent two requests: the next one waits longer.
    if (!countsCovered)
      cache.poll = afterPoll(
        cache.poll,
        changed,
        Date.now(),
        minInterval || undefined,
        listForChange ? 2 : 1,
        lane === 'background' && (await this.userAway()),
      );
    if (cache.problem?.until) cache.poll.nextAt = Math.max(cache.poll.nextAt, cache.problem.until);
    await this.caches.saveMerged(forum.id, cache, startedAt);
  }

  /**
   * The counts: `/notifications/totals.json`, or `/session/current.json` where that falls short
   * (see ForumCache.countsVia), which it then stays on for a day.
   */
  private async counts(client: DiscourseClient, cache: ForumCache, lane: Lane): Promise<Totals> {
    const fromSession = async () =>
      totalsFromCurrentUser((await client.currentUser({ lane, fresh: true })).current_user);
    const chosen = cache.countsVia && Date.now() - cache.countsVia.at < DAY ? cache.countsVia.via : null;
    if (chosen === 'session') return fromSession();
    let totals: Totals;
    try {
      totals = await client.totals({ lane, fresh: true });
    } catch (error) {
      // No `notifications#totals` before Discourse 3.3 (PR #26106): the forum answers 404.
      if (!isDiscourseError(error, 'NotFound')) throw error;
      cache.countsVia = { via: 'session', at: Date.now() };
      return fromSession();
    }
    if (chosen === 'totals' || totals.unread_personal_messages !== undefined) {
      if (!chosen) cache.countsVia = null;
      return totals;
    }
    // Outside `personal_message_enabled_groups` (TL0 by default) the totals leave out new messages
    // and nothing in them moves when one arrives (UserNotificationTotalSerializer); the session's
    // counters include them. A key without `session_info` keeps the totals, asked again tomorrow.
    try {
      const fromUser = await fromSession();
      cache.countsVia = { via: 'session', at: Date.now() };
      return fromUser;
    } catch (error) {
      if (!isDiscourseError(error, 'Forbidden')) throw error;
      cache.countsVia = { via: 'totals', at: Date.now() };
      return totals;
    }
  }

  private async fetchList(client: DiscourseClient, cache: ForumCache, lane: Lane): Promise<void> {
    const list = await client.notifications({ recent: true, limit: LIST_SIZE }, { lane, fresh: true });
    cache.notifications = list.notifications;
    cache.skipped = list.skipped.length;
    cache.listAt = Date.now();
    cache.listStale = false;
  }
}

async function backgroundNeedsList(): Promise<boolean> {
  const settings = await loadSettings();
  return settings.desktop.enabled || settings.badge === 'high_priority';
}

function problemOf(error: unknown): ForumCache['problem'] {
  if (isDiscourseError(error)) {
    const e = error as DiscourseError;
    return { kind: e.kind, message: e.message, ...(e.details.until ? { until: e.details.until } : {}) };
  }
  return { kind: 'Internal', message: wording(said('errorRefreshFailed')) };
}
