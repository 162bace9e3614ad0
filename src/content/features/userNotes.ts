import { t } from '../../ui/i18n';
import { isForumPage } from '../pages';
import { OWNED, removeOwned, watchDom, type Feature } from './feature';

/**
 * Private notes on users, shown beside their names in posts and editable in their user card.
 * Relies on post/meta-data/poster-name.gjs (.names .username a[data-user-card]) and
 * user-card-contents.gjs (#user-card.show with a user-card-<username> class) — MARKUP.md §2.1, §5.
 */
export const userNotes: Feature = {
  id: 'userNotes',
  runsOn: isForumPage,
  run({ api, forumId, baseUrl, data }, signal) {
    const notes = { ...data.notes };
    const keyOf = (username: string) => `${baseUrl}|${username.toLowerCase()}`;
    watchDom(() => {
      for (const link of document.querySelectorAll<HTMLElement>('.topic-meta-data .names a[data-user-card]')) {
        const username = link.getAttribute('data-user-card')!;
        const note = notes[keyOf(username)];
        const existing = link.parentElement?.querySelector<HTMLElement>(`[${OWNED}="userNotes"]`);
        if (existing && existing.textContent === `📝 ${note}`) continue;
        existing?.remove();
        if (!note) continue;
        const badge = document.createElement('span');
        badge.setAttribute(OWNED, 'userNotes');
        badge.className = 'companion-user-note';
        badge.title = t('pageNoteTitle');
        badge.textContent = `📝 ${note}`;
        link.after(badge);
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
