import browser from 'webextension-polyfill';
import type { RemovableStorage } from '../discourse/ports';
import { INBOX_VIEW_KEY, readInboxView, type InboxView } from '../messages/inboxView';
import { formatNumber, formatTime, t } from '../messages/i18n';
import { highPriorityOf, unreadOf } from './badgeCount';
import type { ForumRegistry } from './forumRegistry';
import type { InboxCache } from './inboxCache';
import { loadSettings } from './settings';
import { storageItem, type StorageItem } from './storageItem';

/** The toolbar badge: the unread total (or high-priority only, as the settings ask), or the state that keeps it from being right. */
export class ToolbarBadge {
  private readonly changeListeners = new Set<() => void>();
  /** The inbox as the popup will paint it before the worker answers (src/messages/inboxView.ts). */
  private readonly popupView: StorageItem<InboxView | null>;

  constructor(
    private readonly registry: ForumRegistry,
    private readonly caches: InboxCache,
    storage: RemovableStorage,
    /** Every forum's inbox as it stands, without asking any forum. */
    private readonly inboxNow: () => Promise<InboxView>,
  ) {
    this.popupView = storageItem(storage, { area: 'local', key: INBOX_VIEW_KEY, parse: readInboxView });
  }

  async update(): Promise<void> {
    const settings = await loadSettings();
    const forums = await this.registry.list();
    let total = 0;
    const lines: string[] = [];
    let state: 'ok' | 'reconnect' | 'limited' | 'offline' = 'ok';
    for (const forum of forums) {
      const cache = await this.caches.read(forum.id);
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
    const text =
      state === 'reconnect'
        ? '!'
        : state === 'offline'
          ? 'off'
          : total > 999
            ? '999+'
            : total > 0
              ? String(total)
              : state === 'limited'
                ? '…'
                : '';
    const color =
      state === 'reconnect' ? '#cf222e' : state === 'offline' || state === 'limited' ? '#9a6700' : '#0969da';
    await browser.action.setBadgeText({ text });
    await browser.action.setBadgeBackgroundColor({ color });
    await browser.action.setTitle({ title: [t('extensionName'), ...lines].join('\n') });
    // Whatever moved the badge moved the inbox: the popup's next open paints this at once, and
    // an open popup hears of it.
    await this.popupView.set(await this.inboxNow());
    for (const listener of this.changeListeners) listener();
  }

  /** Calls `listener` after every change of the badge and the inbox; returns its removal. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }
}
