import type { ErrorKind } from '../discourse/errorKinds';
import browser from 'webextension-polyfill';
import type { DiscourseClient } from '../discourse/client';
import { isDiscourseError, said, wording, type DiscourseError } from '../discourse/errors';
import type { Notification, Totals } from '../discourse/schemas';
import type { RemovableStorage } from '../discourse/ports';
import type { ForumSummary, InboxItem } from '../messages/protocol';
import { INBOX_VIEW_KEY } from '../messages/inboxView';
import { formatNumber, formatTime, say, t } from '../messages/i18n';
import type { ForumRecord, ForumRegistry } from './forumRegistry';
import { describeNotification, notificationTypeName } from '../discourse/notifications';
import { absoluteImageUrl } from '../discourse/forumUrl';
import { unreadOf } from './badgeCount';
import { afterPoll, budgetInterval, firstPoll, wakeUp, type PollState } from './pollSchedule';
import { loadSettings } from './settings';
import { forgetTab, noteTab, visibleUntil, type VisibleTabs } from './visibleTabs';

/**
 * The notification inbox of every forum: counts polled in the background within budget (none
 * while a tab of the forum is visible: its header count feeds the badge), the list fetched when
 * the counts move and something needs it (the popup, desktop notifications), everything cached in
 * `storage.local` so the popup paints at once, the toolbar badge, and desktop notifications
 * (never repeated).
 */

interface ForumCache {
  totals: Totals | null;
  notifications: Notification[];
  fetchedAt: number | null;
  problem: { kind: ErrorKind; message: string; until?: number } | null;
  /** id → name, from /site.json (once a day). */
  types: Record<string, string>;
  typesAt: number | null;
  /** The highest notification id already considered for a desktop notification. */
  lastNotifiedId: number | null;
  poll: PollState;
  /** Notifications of the last list that could not be read (left out, see the client's log). */
  skipped?: number;
  /** What an open tab of the forum shows in its header (the free badge refresh). */
  pageUnread?: { count: number; at: number };
  /** When the list was last fetched, and whether the counts moved since. */
  listAt?: number | null;
  listStale?: boolean;
}

const cacheKey = (id: string) => `cache:${id}`;
const VISIBLE_TABS_KEY = 'visibleTabs';
const LIST_SIZE = 30;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Counts polled this recently stand when the popup opens (the background polls each minute while the user is active). */
const COUNTS_FRESH_MS = 90_000;
/** A list this recent, with counts that have not moved since, is shown as it is. */
const LIST_FRESH_MS = 5 * 60_000;

/** What the inbox needs from the browser. */
export interface InboxHost {
  /** Shows one desktop notification; `id` comes back on click. */
  show(id: string, title: string, message: string): Promise<void>;
  /** Is a tab of this forum the focused one? (quiet then) */
  forumFocused(baseUrl: string): Promise<boolean>;
  /** Is the user away from the computer (idle or locked)? Only then does polling slow down. */
  userAway(): Promise<boolean>;
  /** Asks to be woken (`pollDue`) at `at`, the earliest time a forum is due. */
  wakeAt(at: number): Promise<void>;
}

export class Inbox {
  constructor(
    private readonly registry: ForumRegistry,
    private readonly storage: RemovableStorage,
    private readonly host: InboxHost,
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
      poll: firstPoll(),
      ...(stored ?? {}),
    };
  }

  private async saveCache(id: string, cache: ForumCache): Promise<void> {
    // A refresh still running when its forum was disconnected must not bring the cache back.
    if (!(await this.registry.get(id))) return;
    await this.storage.local.set(cacheKey(id), cache);
  }

  /** A disconnected forum's cache goes with it (storage ignores a value set to undefined). */
  async forget(id: string): Promise<void> {
    await this.storage.remove([cacheKey(id)]);
  }

  /**
   * From the alarms (and a connect, a restart, the user's return): poll every forum that is due,
   * in the background lane, then sleep until the next is. Forums in parallel, so one forum paused
   * by a rate limit never holds up the others; triggers often fire together, and a forum already
   * refreshing is not asked twice (`refresh`).
   */
  async pollDue(): Promise<void> {
    const forums = (await this.registry.list()).filter((forum) => forum.status === 'connected');
    const visible = await this.visibleTabs();
    // The page's header count is all a visible tab gives: what needs the list (desktop
    // notifications that the open forum does not silence, a high-priority badge) keeps polling.
    const settings = await loadSettings();
    const listNeeded = settings.badge === 'high_priority' || (settings.desktop.enabled && !settings.desktop.quietWhenForumOpen);
    const nexts = await Promise.allSettled(
      forums.map(async (forum) => {
        const nextAt = (await this.cache(forum.id)).poll.nextAt;
        // A visible tab of the forum feeds the badge for free: look again when its claim lapses.
        const shownUntil = listNeeded ? null : visibleUntil(visible, forum.id, Date.now());
        if (shownUntil !== null) return Math.max(nextAt, shownUntil);
        if (nextAt <= Date.now()) await this.refresh(forum, 'background');
        return (await this.cache(forum.id)).poll.nextAt;
      }),
    );
    await this.updateBadge();
    const next = Math.min(...nexts.map((r) => (r.status === 'fulfilled' ? r.value : Date.now() + 60_000)));
    if (Number.isFinite(next)) await this.host.wakeAt(next);
  }

  /** The user is back: every forum is due now (unless it asked us to wait). */
  async wakeAll(): Promise<void> {
    for (const forum of await this.registry.list()) {
      await this.editCache(forum.id, (cache) => ({ ...cache, poll: wakeUp(Math.max(Date.now(), cache.problem?.until ?? 0)) }));
    }
    await this.pollDue();
  }

  /**
   * Totals first; the list only if the counts moved and something needs it, or `withList`
   * (`popupOpened`: see refreshNow). New unread notifications become desktop notifications, once each.
   */
  async refresh(forum: ForumRecord, lane: 'background' | 'interactive', withList = false, popupOpened = false): Promise<void> {
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

  private readonly refreshing = new Map<string, Promise<void>>();

  /**
   * `popupOpened`: that costs a forum one request at most while its background polling keeps up.
   * Counts the schedule keeps current (polled within COUNTS_FRESH_MS, or the forum's slower
   * chosen pace, or kept live by a visible tab) stand, and then only the list is fetched, if the
   * counts moved since it was or it is older than LIST_FRESH_MS; type names are left to the
   * background. Counts older than that (polling fell behind) need the totals first, and the list
   * too if they moved: two requests.
   */
  private async refreshNow(forum: ForumRecord, lane: 'background' | 'interactive', withList: boolean, opened: boolean): Promise<void> {
    const startedAt = Date.now();
    const cache = await this.cache(forum.id);
    const countsWindow = Math.max(COUNTS_FRESH_MS, (forum.pollMinutes ?? 0) * 60_000 + 30_000);
    const countsCovered =
      opened && !cache.problem && ((!!cache.totals && startedAt - (cache.fetchedAt ?? 0) < countsWindow) || visibleUntil(await this.visibleTabs(), forum.id, startedAt) !== null);
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
            cache.types = Object.fromEntries(Object.entries(site.notification_types).map(([name, id]) => [String(id), name]));
            cache.typesAt = Date.now();
          } catch (error) {
            if (isDiscourseError(error, 'InvalidKey') || isDiscourseError(error, 'RateLimited')) throw error;
            cache.typesAt = Date.now() - DAY + HOUR;
          }
        }
        const totals = await client.totals({ lane, fresh: true });
        changed = !cache.totals || totals.unread_notifications !== cache.totals.unread_notifications || totals.unread_personal_messages !== cache.totals.unread_personal_messages;
        cache.totals = totals;
        if (changed) cache.listStale = true;
        // In the background the list is worth a request only for what needs it (desktop
        // notifications, a high-priority badge); an open popup fetches it itself.
        listForChange = changed && !withList && !!cache.fetchedAt && (await this.backgroundNeedsList());
        if ((withList && (!opened || listDue())) || !cache.fetchedAt || listForChange) await this.fetchList(client, cache, lane);
      });
      if (!countsCovered) cache.fetchedAt = Date.now();
      cache.problem = null;
      await this.announce(forum, cache, startedAt);
    } catch (error) {
      cache.problem = problemOf(error);
    }
    const throttle = await this.registry.throttleOf(forum.id).catch(() => null);
    const limits = throttle?.snapshot().limits;
    const minInterval = Math.max(limits ? budgetInterval(limits.perDay, 0.5) : 0, (forum.pollMinutes ?? 0) * 60_000);
    // A background poll that also fetched the list spent two requests: the next one waits longer.
    if (!countsCovered) cache.poll = afterPoll(cache.poll, changed, Date.now(), minInterval || undefined, listForChange ? 2 : 1, lane === 'background' && (await this.host.userAway()));
    if (cache.problem?.until) cache.poll.nextAt = Math.max(cache.poll.nextAt, cache.problem.until);
    await this.saveMerged(forum.id, cache, startedAt);
  }

  /** Saves what a refresh learned without undoing what finished meanwhile (`merged`). */
  private saveMerged(id: string, cache: ForumCache, startedAt: number): Promise<void> {
    return this.editCache(id, (latest) => merged(latest, cache, startedAt));
  }

  /**
   * Every change of a forum's cache reads the stored one and writes it back inside one queue: two
   * writers that read the same old cache would each write back their own half (a background poll
   * undoing the problem a click just met, a page count undoing a mark-read, a notified id lost,
   * so a desktop notification shown twice). `edit` returns null to leave the cache as it is.
   */
  private editCache(id: string, edit: (latest: ForumCache) => ForumCache | null | Promise<ForumCache | null>): Promise<void> {
    const next = this.cacheEdits.then(async () => {
      const changed = await edit(await this.cache(id));
      if (changed) await this.saveCache(id, changed);
    });
    this.cacheEdits = next.catch(() => undefined);
    return next;
  }
  private cacheEdits: Promise<unknown> = Promise.resolve();

  private async fetchList(client: DiscourseClient, cache: ForumCache, lane: 'background' | 'interactive'): Promise<void> {
    const list = await client.notifications({ recent: true, limit: LIST_SIZE }, { lane, fresh: true });
    cache.notifications = list.notifications;
    cache.skipped = list.skipped.length;
    cache.listAt = Date.now();
    cache.listStale = false;
  }

  private async backgroundNeedsList(): Promise<boolean> {
    const settings = await loadSettings();
    return settings.desktop.enabled || settings.badge === 'high_priority';
  }

  private async announce(forum: ForumRecord, cache: ForumCache, startedAt: number): Promise<void> {
    const newest = Math.max(0, ...cache.notifications.map((n) => n.id));
    let fresh: Notification[] = [];
    // Decided and saved in the cache's queue: what another refresh announced meanwhile is not
    // news either, and a worker killed right after saving must not show them again.
    await this.editCache(forum.id, (latest) => {
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
      const typeName = notificationTypeName(n, cache.types);
      const view = describeNotification(n, { baseUrl: forum.baseUrl, username: forum.username, typeName, say });
      if (!settings.desktop.types.includes(view.group)) continue;
      await this.host.show(`${forum.id}|${n.id}`, view.actor ? t('desktopTitleBy', forum.title, view.label, view.actor) : t('desktopTitle', forum.title, view.label), view.title);
    }
  }

  /** `refresh`: the popup opened (one request per forum at most); `force`: the user asked, all of it. */
  async view(scope: string, refresh: boolean, force = false): Promise<{ forums: ForumSummary[]; notifications: InboxItem[] }> {
    const forums = (await this.registry.list()).filter((f) => scope === 'all' || f.id === scope);
    if (refresh) {
      await Promise.all(
        forums
          .filter((f) => f.status === 'connected')
          .map((forum) => this.refresh(forum, 'interactive', true, !force)),
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
        skipped: cache.skipped ?? 0,
        hasAdminKey: !!(await this.registry.adminSecret(forum.id)),
        logoUrl: forum.logoUrl ? absoluteImageUrl(forum.baseUrl, forum.logoUrl) : null,
        budget: snapshot
          ? { usedThisMinute: snapshot.usedThisMinute, perMinute: snapshot.limits.perMinute, usedToday: snapshot.usedToday, perDay: snapshot.limits.perDay, pausedUntil: snapshot.pausedUntil }
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
    const cache = await this.cache(forumId);
    const page = await this.registry.use(forumId, (client) => client.notifications({ limit: LIST_SIZE, offset }));
    return { notifications: page.notifications.map((n) => toItem(forum, cache, n)), more: offset + page.notifications.length < (page.total_rows_notifications ?? 0) };
  }

  async markRead(forumId: string, notificationId?: number): Promise<void> {
    const forum = await this.registry.get(forumId);
    if (!forum) return;
    await this.registry.use(forumId, (client) => client.markRead(notificationId));
    await this.editCache(forumId, (cache) => ({
      ...cache,
      notifications: cache.notifications.map((n) => (notificationId === undefined || n.id === notificationId ? { ...n, read: true } : n)),
      // Discourse's mark-read also moves seen_notification_id: the bell is 0 from now on, whatever
      // the refresh below manages, and no tab rendered before now may say otherwise.
      totals: cache.totals ? { ...cache.totals, unread_notifications: 0, unread_personal_messages: 0 } : cache.totals,
      fetchedAt: Date.now(),
    }));
    await this.refresh(forum, 'interactive');
    await this.updateBadge();
  }

  /**
   * The "mark all read" shortcut: every connected forum with something unread (its bell, or rows
   * its bell no longer counts) is marked read; the badge says how that went. Returns how many.
   */
  async markEverythingRead(): Promise<number> {
    let marked = 0;
    for (const forum of await this.registry.list()) {
      if (forum.status !== 'connected') continue;
      const cache = await this.cache(forum.id);
      if (unreadOf(cache) === 0 && !cache.notifications.some((n) => !n.read)) continue;
      // One forum failing (offline, rate-limited) must not keep the others unread.
      await this.markRead(forum.id).catch(() => undefined);
      marked++;
    }
    await this.updateBadge();
    return marked;
  }

  /** The URL of a notification's post, for opening it. */
  async urlOf(forumId: string, notificationId: number): Promise<string | null> {
    const forum = await this.registry.get(forumId);
    const cache = await this.cache(forumId);
    const n = cache.notifications.find((x) => x.id === notificationId);
    return forum && n ? describeNotification(n, { baseUrl: forum.baseUrl, username: forum.username, typeName: notificationTypeName(n, cache.types), say }).url : null;
  }

  /**
   * A forum tab's header count, free. It is as fresh as `since` (a page rendered before our last
   * fetch or mark-read is older news than what we know, and never overrides it); a page cannot
   * claim to be from the future.
   */
  async setPageUnread(forumId: string, count: number, since: number, tab: { tabId?: number; visible: boolean } = { visible: false }): Promise<void> {
    const { tabId, visible } = tab;
    if (tabId !== undefined) await this.editVisibleTabs((tabs) => noteTab(tabs, forumId, tabId, visible, Date.now()));
    const at = Math.min(Math.max(0, since), Date.now());
    let news = false;
    await this.editCache(forumId, (cache) => {
      if (cache.pageUnread?.count === count && cache.pageUnread.at >= at) return null; // a heartbeat with nothing new
      news = true;
      // The page's bell moved: the cached list is missing rows (or read marks), whatever the counts say.
      return { ...cache, pageUnread: { count, at }, ...(count !== unreadOf(cache) ? { listStale: true } : {}) };
    });
    if (news) await this.updateBadge();
  }

  /** A tab closed without its page saying so (Firefox): polling resumes for its forum at once. */
  async tabClosed(tabId: number): Promise<void> {
    const before = await this.visibleTabs();
    if (!Object.values(before).some((forum) => String(tabId) in forum)) return;
    await this.editVisibleTabs((tabs) => forgetTab(tabs, tabId, Date.now()));
    await this.pollDue();
  }

  private async visibleTabs(): Promise<VisibleTabs> {
    return ((await this.storage.session.get(VISIBLE_TABS_KEY)) as VisibleTabs | undefined) ?? {};
  }

  /** One edit at a time: heartbeats from several tabs arrive together. */
  private visibleEdits: Promise<unknown> = Promise.resolve();
  private editVisibleTabs(edit: (tabs: VisibleTabs) => VisibleTabs): Promise<void> {
    const next = this.visibleEdits.then(async () => this.storage.session.set(VISIBLE_TABS_KEY, edit(await this.visibleTabs())));
    this.visibleEdits = next.catch(() => undefined);
    return next;
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
        lines.push(t('badgeTitleReconnect', forum.title));
      } else if (cache.problem?.kind === 'RateLimited' && cache.problem.until && cache.problem.until > Date.now()) {
        if (state === 'ok') state = 'limited';
        lines.push(t('badgeTitleLimited', forum.title, formatTime(cache.problem.until)));
      } else if (cache.problem && ['Offline', 'Network'].includes(cache.problem.kind)) {
        if (state === 'ok') state = 'offline';
        lines.push(t(cache.problem.kind === 'Offline' ? 'badgeTitleOffline' : 'badgeTitleUnreachable', forum.title));
      } else {
        lines.push(t('badgeTitleUnread', forum.title, formatNumber(count)));
      }
    }
    const text = state === 'reconnect' ? '!' : state === 'offline' ? 'off' : total > 999 ? '999+' : total > 0 ? String(total) : state === 'limited' ? '…' : '';
    const color = state === 'reconnect' ? '#cf222e' : state === 'offline' || state === 'limited' ? '#9a6700' : '#0969da';
    await browser.action.setBadgeText({ text });
    await browser.action.setBadgeBackgroundColor({ color });
    await browser.action.setTitle({ title: [t('extensionName'), ...lines].join('\n') });
    // Whatever moved the badge moved the inbox: the popup's next open paints this at once, and
    // an open popup hears of it.
    await this.storage.local.set(INBOX_VIEW_KEY, await this.view('all', false));
    for (const listener of this.changeListeners) listener();
  }

  private readonly changeListeners = new Set<() => void>();
  /** Calls `listener` after every change of the badge and the inbox; returns its removal. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }
}


/**
 * What a refresh learned, on top of what finished meanwhile (a click while this one waited its
 * background slot, a tab's header count): fresher counts, a fresher list and a fresher page count
 * are kept, the highest notified id wins, and this refresh's pace is recorded.
 */
function merged(latest: ForumCache, cache: ForumCache, startedAt: number): ForumCache {
  const next: ForumCache = (latest.fetchedAt ?? 0) > startedAt ? { ...latest, poll: cache.poll } : { ...cache };
  if ((latest.listAt ?? 0) > (next.listAt ?? 0)) Object.assign(next, { notifications: latest.notifications, skipped: latest.skipped, listAt: latest.listAt, listStale: latest.listStale });
  if ((latest.pageUnread?.at ?? -1) > (next.pageUnread?.at ?? -1)) next.pageUnread = latest.pageUnread;
  next.lastNotifiedId = highest(latest.lastNotifiedId, next.lastNotifiedId);
  return next;
}

/** The higher of two notified ids; null only while neither refresh has looked yet. */
function highest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

function highPriorityOf(cache: ForumCache): number {
  return cache.notifications.filter((n) => !n.read && n.high_priority).length;
}

function toItem(forum: ForumRecord, cache: ForumCache, n: Notification): InboxItem {
  const typeName = notificationTypeName(n, cache.types);
  const view = describeNotification(n, { baseUrl: forum.baseUrl, username: forum.username, typeName, say });
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

function problemOf(error: unknown): ForumCache['problem'] {
  if (isDiscourseError(error)) {
    const e = error as DiscourseError;
    return { kind: e.kind, message: e.message, ...(e.details.until ? { until: e.details.until } : {}) };
  }
  return { kind: 'Internal', message: wording(said('errorRefreshFailed')) };
}
