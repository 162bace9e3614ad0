import type { ErrorKind } from '../discourse/errorKinds';
import type { Notification, Totals } from '../discourse/schemas';
import type { RemovableStorage } from '../discourse/ports';
import { describeNotification, notificationTypeName } from '../discourse/notifications';
import { say } from '../messages/i18n';
import type { ForumRecord, ForumRegistry } from './forumRegistry';
import { firstPoll, type PollState } from './pollSchedule';
import { isRecord, oneAtATime, storageItemPerId, type StorageItem } from './storageItem';

/** What the inbox knows of one forum, kept in `storage.local` so the popup paints at once. */
export interface ForumCache {
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
  /**
   * Where the counts come from when `/notifications/totals.json` fell short (absent: from it): it
   * answered 404 (before Discourse 3.3), or left out new messages (a user outside
   * `personal_message_enabled_groups`). Asked again a day after `at`: forums upgrade, users rise.
   */
  countsVia?: { via: 'session' | 'totals'; at: number } | null;
}

/** A forum never looked at yet; also the base a stored cache of an older build is read onto. */
export function emptyCache(): ForumCache {
  return {
    totals: null,
    notifications: [],
    fetchedAt: null,
    problem: null,
    types: {},
    typesAt: null,
    lastNotifiedId: null,
    poll: firstPoll(),
  };
}

/** Every forum's inbox cache, and the one queue all its writes go through. */
export class InboxCache {
  private readonly stored: (forumId: string) => StorageItem<ForumCache>;
  /**
   * Every change of a forum's cache reads the stored one and writes it back inside this one queue:
   * two writers that read the same old cache would each write back their own half (a background
   * poll undoing the problem a click just met, a page count undoing a mark-read, a notified id
   * lost, so a desktop notification shown twice).
   */
  private readonly inOrder = oneAtATime();

  constructor(
    private readonly registry: ForumRegistry,
    storage: RemovableStorage,
  ) {
    this.stored = storageItemPerId(storage, {
      area: 'local',
      prefix: 'cache:',
      parse: (stored) => ({ ...emptyCache(), ...(isRecord(stored) ? (stored as Partial<ForumCache>) : {}) }),
    });
  }

  read(forumId: string): Promise<ForumCache> {
    return this.stored(forumId).get();
  }

  /** Changes a forum's cache in the queue; `edit` returns null to leave it as it is. */
  edit(forumId: string, edit: (latest: ForumCache) => ForumCache | null | Promise<ForumCache | null>): Promise<void> {
    return this.inOrder(async () => {
      const changed = await edit(await this.read(forumId));
      if (changed) await this.save(forumId, changed);
    });
  }

  /** Saves what a refresh learned without undoing what finished meanwhile (`merged`). */
  saveMerged(forumId: string, cache: ForumCache, startedAt: number): Promise<void> {
    return this.edit(forumId, (latest) => merged(latest, cache, startedAt));
  }

  /** A disconnected forum's cache goes with it. */
  forget(forumId: string): Promise<void> {
    return this.stored(forumId).remove();
  }

  private async save(forumId: string, cache: ForumCache): Promise<void> {
    // A refresh still running when its forum was disconnected must not bring the cache back.
    if (!(await this.registry.get(forumId))) return;
    await this.stored(forumId).set(cache);
  }
}

/**
 * What a refresh learned, on top of what finished meanwhile (a click while this one waited its
 * background slot, a tab's header count): fresher counts, a fresher list and a fresher page count
 * are kept, the highest notified id wins, and this refresh's pace is recorded.
 */
export function merged(latest: ForumCache, cache: ForumCache, startedAt: number): ForumCache {
  const next: ForumCache = (latest.fetchedAt ?? 0) > startedAt ? { ...latest, poll: cache.poll } : { ...cache };
  if ((latest.listAt ?? 0) > (next.listAt ?? 0))
    Object.assign(next, {
      notifications: latest.notifications,
      skipped: latest.skipped,
      listAt: latest.listAt,
      listStale: latest.listStale,
    });
  if ((latest.pageUnread?.at ?? -1) > (next.pageUnread?.at ?? -1)) next.pageUnread = latest.pageUnread;
  next.lastNotifiedId = highest(latest.lastNotifiedId, next.lastNotifiedId);
  return next;
}

/** The higher of two notified ids; null only while neither refresh has looked yet. */
export function highest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** A cached notification in the reader's words, with the forum's own name for its type where known. */
export function describeCached(forum: ForumRecord, cache: ForumCache, n: Notification) {
  const typeName = notificationTypeName(n, cache.types);
  return {
    typeName,
    view: describeNotification(n, { baseUrl: forum.baseUrl, username: forum.username, typeName, say }),
  };
}
