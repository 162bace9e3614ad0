import { PAGE_HEARTBEAT_MS } from '../../messages/pageHeartbeat';
import { isForumPage } from '../pages';
import { listen, watchDom, type Feature } from './feature';

/**
 * A free badge refresh: the forum page already shows the unread count in its header, so while a
 * tab of a connected forum is open the toolbar badge follows it without an API call, and while
 * the tab is visible the background polls that forum not at all (the tab says so every
 * heartbeat). Relies on header/user-dropdown/notifications.gjs: one a.badge-notification inside
 * #toggle-current-user (MARKUP.md §4); the PM and review bubbles carry the number only in their title.
 */
export const badgeFromPage: Feature = {
  id: 'badgeFromPage',
  runsOn: isForumPage,
  run({ api, forumId }, signal) {
    let last: number | null = null;
    // The first count is as old as the page (rendered at navigation); a later change is news now.
    // A heartbeat repeats the last change's time: an unchanged count claims no fresher truth.
    let since = Math.round(performance.timeOrigin);
    const report = (visible = document.visibilityState === 'visible') => {
      if (last !== null) void api.ask({ type: 'content.pageUnread', forumId, count: last, since, visible });
    };
    watchDom(() => {
      const toggle = document.querySelector('#toggle-current-user');
      if (!toggle) return;
      const bubble = toggle.querySelector('a.badge-notification');
      let count = 0;
      if (bubble?.classList.contains('unread-notifications')) count = Number(bubble.textContent?.trim()) || 0;
      else if (bubble) count = Number(/\d+/.exec(bubble.getAttribute('title') ?? '')?.[0] ?? 0);
      if (count === last) return;
      const first = last === null;
      last = count;
      if (!first) since = Date.now();
      report();
    }, signal);
    listen(document, 'visibilitychange', () => report(), signal);
    window.addEventListener('pagehide', () => report(false), { signal });
    const heartbeat = setInterval(() => document.visibilityState === 'visible' && report(true), PAGE_HEARTBEAT_MS);
    signal.addEventListener('abort', () => clearInterval(heartbeat), { once: true });
  },
};
