import type { ContentApi } from '../contentApi';

/** One page feature: where it runs, and what it does until the signal aborts (in-app navigation). */
export interface Feature {
  id: 'postActions' | 'quickReplyTemplates' | 'userNotes' | 'topicListFilters' | 'badgeFromPage' | 'adminActions';
  /** Pure, tested with example URLs: the route is the path after the forum's base path. */
  runsOn(route: string): boolean;
  run(context: FeatureContext, signal: AbortSignal): void | Promise<void>;
}

export interface FeatureContext {
  api: ContentApi;
  forumId: string;
  baseUrl: string;
  basePath: string;
  /** The forum has an admin key (admin features show only then). */
  hasAdminKey: boolean;
  data: ContentData;
}

export interface ContentData {
  templates: { id: string; name: string; body: string }[];
  notes: Record<string, string>;
  filters: { users: string[]; keywords: string[]; categories: string[]; tags: string[] };
}

/** Adds a listener that goes away with the signal. */
export function listen<K extends keyof DocumentEventMap>(
  target: Document | Element,
  type: K,
  handler: (event: DocumentEventMap[K]) => void,
  signal: AbortSignal,
): void {
  target.addEventListener(type, handler as EventListener, { signal });
}

/** Calls `decorate` now and whenever the page's DOM changes, until the signal aborts. */
export function watchDom(decorate: () => void, signal: AbortSignal): void {
  decorate();
  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (!signal.aborted) decorate();
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}

/** Elements a feature adds carry this attribute, so teardown can remove exactly them. */
export const OWNED = 'data-companion';

export function removeOwned(feature: string): void {
  for (const el of document.querySelectorAll(`[${OWNED}="${feature}"]`)) el.remove();
}
