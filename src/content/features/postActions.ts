import { t } from '../../ui/i18n';
import { isTopic } from '../pages';
import { addToPostActions, undecoratedPostActions } from '../postMarkup';
import { OWNED, removeOwned, watchDom, type Feature } from './feature';

/**
 * A few actions on each post: copy its Markdown (`raw` through the API), quote it into the
 * extension's reply draft for this topic, save it for later. Relies on
 * frontend/discourse/app/components/post.gjs (article#post_N[data-post-id], inside
 * [data-post-number] on current forums) and post/menu.gjs (nav.post-controls .actions), and on
 * the older widget stream's same article and menu — MARKUP.md §2.1, §2.2.
 */
export const postActions: Feature = {
  id: 'postActions',
  runsOn: isTopic,
  run({ api, forumId }, signal) {
    const topicTitle = () => document.querySelector('#topic-title h1 a.fancy-title')?.textContent?.trim() ?? '';
    watchDom(() => {
      for (const { actions, post } of undecoratedPostActions('postActions')) {
        const { postId, topicId, postNumber } = post;
        const group = document.createElement('span');
        group.setAttribute(OWNED, 'postActions');
        group.className = 'companion-post-actions';
        const button = (label: string, title: string, onClick: (b: HTMLButtonElement) => Promise<void>) => {
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'btn btn-flat companion-action';
          b.textContent = label;
          b.title = title;
          // Page scripts are hostile and can .click() this button: only a real user gesture acts.
          b.addEventListener('click', (event) => event.isTrusted && void onClick(b), { signal });
          group.append(b);
        };
        const flash = (b: HTMLButtonElement, text: string) => {
          const label = b.textContent;
          b.textContent = text;
          setTimeout(() => (b.textContent = label), 1500);
        };
        button('MD', t('pageCopyMarkdown'), async (b) => {
          const result = await api.ask({ type: 'content.postRaw', forumId, postId });
          if (!result.ok) return flash(b, '✗');
          // Straight to the clipboard: fetched content is never written into the page's DOM.
          await navigator.clipboard.writeText(result.data.raw).then(
            () => flash(b, '✓'),
            () => flash(b, '✗'),
          );
        });
        button('❝', t('pageQuoteToDraft'), async (b) => {
          // The background fetches the post's own text and author: nothing page-made enters the draft.
          const result = await api.ask({ type: 'content.quote', forumId, postId, topicTitle: topicTitle() });
          // A refusal says why (a whisper is never quoted into a public reply): the message is ours, not the page's.
          if (!result.ok) b.title = result.error.message;
          flash(b, result.ok ? '✓' : '✗');
        });
        button('🔖', t('pageSaveForLater'), async (b) => {
          const result = await api.ask({
            type: 'content.saveForLater',
            forumId,
            topicId,
            postNumber,
            title: topicTitle(),
          });
          flash(b, result.ok ? '✓' : '✗');
        });
        addToPostActions(actions, group, signal);
      }
    }, signal);
    signal.addEventListener('abort', () => removeOwned('postActions'), { once: true });
  },
};
