import type { RemovableStorage } from '../discourse/ports';
import { PAGE_VISIBLE_TTL_MS } from '../messages/pageHeartbeat';
import { isRecord, oneAtATime, storageItem, type StorageItem } from './storageItem';

/**
 * forum id → tab id → time its visible claim lapses. In `storage.session`: tab ids die with the
 * browser. In Chromium a closed tab says so on `pagehide`, and a lost message lapses on its own
 * (no `tabs.onRemoved` listener there: it would wake the worker for every tab closed in the
 * browser). Firefox drops a closing page's messages, so there the background hears `tabs.onRemoved`.
 */
export type VisibleTabs = Record<string, Record<string, number>>;

export function noteTab(tabs: VisibleTabs, forumId: string, tabId: number, visible: boolean, now: number): VisibleTabs {
  const forum = { ...(tabs[forumId] ?? {}) };
  if (visible) forum[tabId] = now + PAGE_VISIBLE_TTL_MS;
  else delete forum[tabId];
  return prune({ ...tabs, [forumId]: forum }, now);
}

/** A closed tab claims nothing any more, whichever forum it showed. */
export function forgetTab(tabs: VisibleTabs, tabId: number, now: number): VisibleTabs {
  return prune(
    Object.fromEntries(
      Object.entries(tabs).map(([forumId, forum]) => [
        forumId,
        Object.fromEntries(Object.entries(forum).filter(([id]) => id !== String(tabId))),
      ]),
    ),
    now,
  );
}

/** Until when a visible tab of the forum feeds its badge; null when none does. */
export function visibleUntil(tabs: VisibleTabs, forumId: string, now: number): number | null {
  const live = Object.values(tabs[forumId] ?? {}).filter((until) => until > now);
  return live.length ? Math.max(...live) : null;
}

function prune(tabs: VisibleTabs, now: number): VisibleTabs {
  const kept = Object.entries(tabs)
    .map(
      ([forumId, forum]) =>
        [forumId, Object.fromEntries(Object.entries(forum).filter(([, until]) => until > now))] as const,
    )
    .filter(([, forum]) => Object.keys(forum).length > 0);
  return Object.fromEntries(kept);
}

/** The visible tabs as stored (`storage.session`), changed one edit at a time: heartbeats from several tabs arrive together. */
export class VisibleTabsStore {
  private readonly stored: StorageItem<VisibleTabs>;
  private readonly inOrder = oneAtATime();

  constructor(storage: RemovableStorage) {
    this.stored = storageItem(storage, {
      area: 'session',
      key: 'visibleTabs',
      parse: (stored) => (isRecord(stored) ? (stored as VisibleTabs) : {}),
    });
  }

  read(): Promise<VisibleTabs> {
    return this.stored.get();
  }

  edit(edit: (tabs: VisibleTabs) => VisibleTabs): Promise<void> {
    return this.inOrder(async () => this.stored.set(edit(await this.read())));
  }
}
