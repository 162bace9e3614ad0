import { t, tn } from '../../ui/i18n';
import { isTopicList } from '../pages';
import { OWNED, removeOwned, watchDom, type Feature } from './feature';

/**
 * Hides topics by poster, keyword, category or tag, with a count and a one-click reveal. Relies on
 * topic-list/item.gjs (tr.topic-list-item[data-topic-id]), topic-link.gjs (a.title),
 * posters-cell.gjs (td.posters a[data-user-card]), category-link.js (.badge-category__name, or
 * .category-name before ~3.2) and
 * render-tags.js (a.discourse-tag[data-tag-name]) — MARKUP.md §3.
 */
export const topicListFilters: Feature = {
  id: 'topicListFilters',
  runsOn: isTopicList,
  run({ data }, signal) {
    const f = data.filters;
    if (!f.users.length && !f.keywords.length && !f.categories.length && !f.tags.length) return;
    const lower = (list: string[]) => list.map((x) => x.toLowerCase());
    const users = lower(f.users);
    const keywords = lower(f.keywords);
    const categories = lower(f.categories);
    const tags = lower(f.tags);
    let revealed = false;
    const HIDDEN = 'data-companion-hidden';

    const matches = (row: HTMLElement) => {
      const title = row.querySelector('a.title')?.textContent?.toLowerCase() ?? '';
      // Posters are the row's only user links, wherever the layout puts them: td.posters
      // (posters-cell.gjs), div.posters (list/posters-column.hbr), the mobile row's avatar.
      const posters = [...row.querySelectorAll('a[data-user-card]')].map((a) =>
        a.getAttribute('data-user-card')!.toLowerCase(),
      );
      // Every badge in the row: a subcategory shows its parent's badge too. `.badge-category__name`
      // since ~3.2 (PR #24198), `span.badge-category > span.category-name` before (MARKUP.md §3.2).
      const rowCategories = [...row.querySelectorAll('.badge-category__name, .badge-category .category-name')].map(
        (name) => name.textContent?.trim().toLowerCase() ?? '',
      );
      const rowTags = [...row.querySelectorAll('a.discourse-tag[data-tag-name]')].map((a) =>
        a.getAttribute('data-tag-name')!.toLowerCase(),
      );
      return (
        posters.some((p) => users.includes(p)) ||
        keywords.some((k) => k && title.includes(k)) ||
        rowCategories.some((c) => !!c && categories.includes(c)) ||
        rowTags.some((t) => tags.includes(t))
      );
    };

    watchDom(() => {
      const rows = [...document.querySelectorAll<HTMLElement>('tr.topic-list-item')];
      let hidden = 0;
      for (const row of rows) {
        const hide = !revealed && matches(row);
        if (hide) hidden++;
        if (hide !== row.hasAttribute(HIDDEN)) {
          row.toggleAttribute(HIDDEN, hide);
          row.style.display = hide ? 'none' : '';
        }
      }
      const table = document.querySelector('table.topic-list');
      let bar = document.querySelector<HTMLElement>(`[${OWNED}="topicListFilters"]`);
      if (!table || (!hidden && !revealed)) return bar?.remove();
      if (!bar) {
        bar = document.createElement('div');
        bar.setAttribute(OWNED, 'topicListFilters');
        bar.className = 'companion-filter-bar';
        table.before(bar);
      }
      const text = revealed ? t('pageShowingHidden') : tn('pageHiddenCount', hidden);
      if (bar.dataset.text === text) return;
      bar.dataset.text = text;
      bar.textContent = `${text} `;
      const toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.className = 'btn btn-flat';
      toggle.textContent = revealed ? t('pageHideAgain') : t('pageShowThem');
      toggle.addEventListener(
        'click',
        () => {
          revealed = !revealed;
          bar!.dataset.text = '';
          for (const row of document.querySelectorAll<HTMLElement>(`tr.topic-list-item[${HIDDEN}]`)) {
            row.removeAttribute(HIDDEN);
            row.style.display = '';
          }
        },
        { signal },
      );
      bar.append(toggle);
    }, signal);
    signal.addEventListener(
      'abort',
      () => {
        removeOwned('topicListFilters');
        for (const row of document.querySelectorAll<HTMLElement>(`tr[${HIDDEN}]`)) {
          row.removeAttribute(HIDDEN);
          row.style.display = '';
        }
      },
      { once: true },
    );
  },
};
