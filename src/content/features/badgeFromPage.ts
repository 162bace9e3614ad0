import { isForumPage } from '../pages';
import { watchDom, type Feature } from './feature';

/**
 * A free badge refresh: the forum page already shows the unread count in its header, so while a
 * tab of a connected forum is open the toolbar badge follows it without an API call. Relies on
 * header/user-dropdown/notifications.gjs: one a.badge-notification inside #toggle-current-user
 * (MARKUP.md §4); the PM and review bubbles carry the number only in their title.
 */
export const badgeFromPage: Feature = {
  id: 'badgeFromPage',
  runsOn: isForumPage,
  run({ api, forumId }, signal) {
    let last: number | null = null;
    // The first count is as old as the page (rendered at navigation); a later change is news now.
    let since = Math.round(performance.timeOrigin);
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
      void api.ask({ type: 'content.pageUnread', forumId, count, since: first ? since : Date.now() });
      since = Date.now();
    }, signal);
  },
};
