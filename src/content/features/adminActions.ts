import { t } from '../../ui/i18n';
import { isForumPage } from '../pages';
import { addToPostActions, undecoratedPostActions } from '../postMarkup';
import { OWNED, removeOwned, watchDom, type Feature } from './feature';

/**
 * For forums with an admin key: "Notify a user about this post" on each post, and "Their
 * notifications" on user cards. Each opens the extension's own admin window (src/adminPanel/):
 * what the admin key fetches (user search, a member's notifications) is shown there and never
 * written into this page, whose scripts could read it. Relies on the same post markup as
 * postActions (MARKUP.md §2.1, §2.2) and on the user card (#user-card.show.user-card-<username>, §5).
 */
export const adminActions: Feature = {
  id: 'adminActions',
  runsOn: isForumPage,
  run({ api, forumId, hasAdminKey }, signal) {
    if (!hasAdminKey) return;
    const button = (label: string, title: string, onClick: () => void) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'btn btn-flat companion-action';
      b.setAttribute(OWNED, 'adminActions');
      b.textContent = label;
      b.title = title;
      b.setAttribute('aria-label', title);
      // Page scripts are hostile and can .click() this button: only a real user gesture acts.
      b.addEventListener('click', (event) => event.isTrusted && onClick(), { signal });
      return b;
    };
    watchDom(() => {
      for (const { actions, post } of undecoratedPostActions('adminActions')) {
        const { topicId, postNumber } = post;
        const notify = button(
          '🔔',
          t('pageNotifyUser'),
          () => void api.ask({ type: 'admin.openPanel', forumId, view: 'notify', topicId, postNumber }),
        );
        addToPostActions(actions, notify, signal);
      }
      const card = document.querySelector<HTMLElement>('#user-card.show');
      const content = card?.querySelector('.card-content');
      const username = card && [...card.classList].find((c) => c.startsWith('user-card-'))?.slice('user-card-'.length);
      if (!content || !username || content.querySelector(`[${OWNED}="adminActions"]`)) return;
      const open = button(
        `🔔 ${t('pageTheirNotifications')}`,
        t('pageTheirNotifications'),
        () => void api.ask({ type: 'admin.openPanel', forumId, view: 'notifications', username }),
      );
      open.className = 'btn companion-their-notifications';
      content.append(open);
    }, signal);
    signal.addEventListener('abort', () => removeOwned('adminActions'), { once: true });
  },
};
