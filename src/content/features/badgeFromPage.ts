import { PAGE_HEARTBEAT_MS } from '../../messages/pageHeartbeat';
import { isForumPage } from '../pages';
import { listen, watchDom, type Feature } from './feature';

/**
 * The unread count the forum's header shows, when the header says it for certain; null when it
 * shows no logged-in user, or a bubble whose number is not the bell's (MARKUP.md §4):
 * - current header/user-dropdown/notifications.gjs, and the widget header with the redesigned
 *   menu (~2.9–3.2): ONE bubble. `.unread-notifications` carries the count as text; `new-pms`
 *   (new PM notifications only) and `new-reviewables` (the review queue) hide it, and so does
 *   Do Not Disturb (`.do-not-disturb-background`, no bubble at all).
 * - the widget header with the legacy menu (~2.7–2.8): `.unread-notifications` (regular) plus
 *   `.unread-high-priority-notifications` (PMs and the like), both as text: the bell is their sum.
 * No bubble and no Do Not Disturb is a certain zero.
 */
export function headerUnread(doc: Document): number | null {
  // `li#current-user.header-dropdown-toggle.current-user` in every header since 2.7; its toggle is
  // `a.icon` (widget, legacy menu), `button.icon` (widget, redesigned menu) or
  // `button#toggle-current-user` (Glimmer). Bubbles are the toggle's own children: the open user
  // menu's tab counts are elsewhere.
  const toggle = doc
    .querySelector('.header-dropdown-toggle.current-user, #current-user')
    ?.querySelector(':scope > a, :scope > button');
  if (!toggle) return null;
  const bubbles = toggle.querySelectorAll(':scope > .badge-notification, :scope > .do-not-disturb-background');
  let count = 0;
  for (const bubble of bubbles) {
    if (!bubble.matches('.unread-notifications, .unread-high-priority-notifications')) return null;
    const text = bubble.textContent?.trim() ?? '';
    if (!/^\d+$/.test(text)) return null;
    count += Number(text);
  }
  return count;
}

/**
 * A free badge refresh: the forum page already shows the unread count in its header, so while a
 * tab of a connected forum is open the toolbar badge follows it without an API call, and while
 * the tab is visible the background polls that forum not at all (the tab says so every
 * heartbeat). A header that shows no certain count claims nothing: the tab says it is not
 * visible, so polling carries on (pageCounts.ts, visibleTabs.ts).
 */
/** Whether a run has read this page's header before (runs restart on in-app navigation). */
let ranOnThisPage = false;
/** How long after navigation a first count can still be the one the page was served with. */
const AS_SERVED_MS = 10_000;

export const badgeFromPage: Feature = {
  id: 'badgeFromPage',
  runsOn: isForumPage,
  run({ api, forumId }, signal) {
    let last: number | null = null;
    let certain = false;
    // The count the page was served with is as old as the page (rendered at navigation); any
    // count read later (a change, a run after in-app navigation, a header certain only after a
    // while) is what the live header says now. A heartbeat repeats the last time: no fresher truth.
    let since = Math.round(performance.timeOrigin);
    const firstRun = !ranOnThisPage;
    ranOnThisPage = true;
    const report = (visible = document.visibilityState === 'visible') => {
      // An uncertain header withdraws the tab's claim (visible: false) and repeats the last count
      // with its old time, which is no news to the cache.
      if (last !== null)
        void api.ask({ type: 'content.pageUnread', forumId, count: last, since, visible: visible && certain });
    };
    watchDom(() => {
      const count = headerUnread(document);
      if (count === null) {
        if (certain) {
          certain = false;
          report(false);
        }
        return;
      }
      const wasCertain = certain;
      certain = true;
      if (count === last && wasCertain) return;
      const asServed = firstRun && last === null && performance.now() < AS_SERVED_MS;
      if (!asServed) since = Date.now();
      last = count;
      report();
    }, signal);
    listen(document, 'visibilitychange', () => report(), signal);
    window.addEventListener('pagehide', () => report(false), { signal });
    const heartbeat = setInterval(
      () => document.visibilityState === 'visible' && certain && report(true),
      PAGE_HEARTBEAT_MS,
    );
    signal.addEventListener('abort', () => clearInterval(heartbeat), { once: true });
  },
};
