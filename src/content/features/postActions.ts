import { t } from '../../ui/i18n';
import { isTopic } from '../pages';
import { OWNED, removeOwned, watchDom, type Feature } from './feature';

/**
 * A few actions on each post: copy its Markdown (`raw` through the API), quote it into the
 * extension's reply draft for this topic, save it for later. Relies on
 * frontend/discourse/app/components/post.gjs (article[data-post-id] inside
 * [data-post-number]) and post/menu.gjs (nav.post-controls .actions) — MARKUP.md §2.1.
 */
export const postActions: Feature = {
  id: 'postActions',
  runsOn: isTopic,
  run({ api, forumId }, signal) {
    const topicTitle = () => document.querySelector('#topic-title h1 a.fancy-title')?.textContent?.trim() ?? '';
    watchDom(() => {
      for (const article of document.querySelectorAll<HTMLElement>('article[data-post-id]')) {
        const actions = article.querySelector('nav.post-controls .actions');
        if (!actions || actions.querySelector(`[${OWNED}="postActions"]`)) continue;
        const postId = Number(article.dataset.postId);
        const topicId = Number(article.dataset.topicId);
        const postNumber = Number(article.closest<HTMLElement>('[data-post-number]')?.dataset.postNumber ?? 0);
        const username = article.querySelector('.names .username a[data-user-card]')?.getAttribute('data-user-card') ?? '';
        const group = document.createElement('span');
        group.setAttribute(OWNED, 'postActions');
        group.className = 'companion-post-actions';
        const button = (label: string, title: string, onClick: (b: HTMLButtonElement) => Promise<void>) => {
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'btn btn-flat companion-action';
          b.textContent = label;
          b.title = title;
          b.addEventListener('click', () => void onClick(b), { signal });
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
          await navigator.clipboard.writeText(result.data.raw).then(() => flash(b, '✓'), () => flash(b, '✗'));
          b.dataset.copied = result.data.raw;
        });
        button('❝', t('pageQuoteToDraft'), async (b) => {
          const raw = await api.ask({ type: 'content.postRaw', forumId, postId });
          if (!raw.ok) return flash(b, '✗');
          const result = await api.ask({ type: 'content.quote', forumId, topicId, topicTitle: topicTitle(), postNumber, username, text: raw.data.raw });
          flash(b, result.ok ? '✓' : '✗');
        });
        button('🔖', t('pageSaveForLater'), async (b) => {
          const result = await api.ask({ type: 'content.saveForLater', forumId, topicId, postNumber, title: topicTitle() });
          flash(b, result.ok ? '✓' : '✗');
        });
        actions.prepend(group);
      }
    }, signal);
    signal.addEventListener('abort', () => removeOwned('postActions'), { once: true });
  },
};
