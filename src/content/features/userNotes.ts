import { t } from '../../ui/i18n';
import { isForumPage } from '../pages';
import { keepOursLast } from '../postMarkup';
import { OWNED, removeOwned, watchDom, type Feature } from './feature';

/**
 * Private notes on users, shown beside their names in posts and editable in their user card.
 * Relies on post/meta-data/poster-name.gjs (.names a[data-user-card], the post's own byline being
 * the .topic-meta-data that is not an embedded reply's) and
 * user-card-contents.gjs (#user-card.show with a user-card-<username> class) — MARKUP.md §2.1, §5.
 */
export const userNotes: Feature = {
  id: 'userNotes',
  runsOn: isForumPage,
  run({ api, forumId, baseUrl, data }, signal) {
    const notes = { ...data.notes };
    const keyOf = (username: string) => `${baseUrl}|${username.toLowerCase()}`;
    watchDom(() => {
      for (const names of document.querySelectorAll<HTMLElement>(
        'article[data-post-id] .topic-meta-data:not(.embedded-reply) .names',
      )) {
        // One badge per post: the full-name and username links both name the same user.
        const username = names.querySelector('a[data-user-card]')?.getAttribute('data-user-card');
        const note = username ? notes[keyOf(username)] : undefined;
        const existing = names.querySelector<HTMLElement>(`:scope > [${OWNED}="userNotes"]`);
        if (existing && existing.textContent === `📝 ${note}`) continue;
        existing?.remove();
        if (!note) continue;
        const badge = document.createElement('span');
        badge.setAttribute(OWNED, 'userNotes');
        badge.className = 'companion-user-note';
        badge.title = t('pageNoteTitle');
        badge.textContent = `📝 ${note}`;
        // After the names, not inside a name: the widget poster-name (~2.7–3.3) is a virtual-dom
        // child list patched by index, where only a trailing node is harmless (postMarkup.ts).
        names.append(badge);
        if (!names.closest('[data-post-number]')) keepOursLast(names, signal);
      }
      const card = document.querySelector<HTMLElement>('#user-card.show');
      const content = card?.querySelector('.card-content');
      const username = card && [...card.classList].find((c) => c.startsWith('user-card-'))?.slice('user-card-'.length);
      if (!content || !username || content.querySelector(`[${OWNED}="userNotes"]`)) return;
      const editor = document.createElement('div');
      editor.setAttribute(OWNED, 'userNotes');
      editor.className = 'companion-note-editor';
      const label = document.createElement('label');
      label.textContent = t('pageNoteLabel');
      const input = document.createElement('input');
      input.type = 'text';
      input.maxLength = 500;
      input.value = notes[keyOf(username)] ?? '';
      const save = document.createElement('button');
      save.type = 'button';
      save.className = 'btn';
      save.textContent = t('pageSaveNote');
      save.addEventListener(
        'click',
        async (event) => {
          // A page script cannot write the user's notes: only a real click saves.
          if (!event.isTrusted) return;
          const result = await api.ask({ type: 'content.setNote', forumId, username, note: input.value.trim() });
          if (result.ok) {
            if (input.value.trim()) notes[keyOf(username)] = input.value.trim();
            else delete notes[keyOf(username)];
            save.textContent = t('pageNoteSaved');
          }
        },
        { signal },
      );
      label.append(input);
      editor.append(label, save);
      content.append(editor);
    }, signal);
    signal.addEventListener('abort', () => removeOwned('userNotes'), { once: true });
  },
};
