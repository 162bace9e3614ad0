import { t } from '../../ui/i18n';
import { isTopic } from '../pages';
import { listen, OWNED, removeOwned, watchDom, type Feature } from './feature';

/**
 * Inserts a saved template into Discourse's own composer, with `{username}` (the author of the
 * post being replied to) and `{topic_title}` filled in. Relies on composer-body.js
 * (#reply-control) and d-editor.gjs (.d-editor-input, .d-editor-textarea-wrapper) — MARKUP.md §6;
 * text goes in with setRangeText and a bubbling input event so Ember notices (Markdown mode only).
 */
export const quickReplyTemplates: Feature = {
  id: 'quickReplyTemplates',
  runsOn: isTopic,
  run({ data }, signal) {
    if (!data.templates.length) return;
    let replyingTo = '';
    listen(
      document,
      'click',
      (event) => {
        const target = event.target as Element | null;
        // The Glimmer menu's reply button (post/menu/buttons/reply.gjs), or the widget menu's
        // `button.reply` (post-menu.js, ~2.7–3.3): both in the post's nav.post-controls.
        const reply = target?.closest('.post-action-menu__reply, nav.post-controls button.reply');
        if (reply) replyingTo = authorOf(reply.closest('article'));
        else if (target?.closest('#topic-footer-buttons .create')) replyingTo = '';
      },
      signal,
    );
    watchDom(() => {
      const wrapper = document.querySelector('#reply-control .d-editor-textarea-wrapper');
      const shown = wrapper?.querySelector(`[${OWNED}="quickReplyTemplates"]`);
      // The rich editor (ProseMirror, a contenteditable div.d-editor-input) takes no text we could
      // insert reliably from here: the menu shows with the Markdown textarea only.
      if (!wrapper?.querySelector('textarea.d-editor-input')) return shown?.remove();
      if (shown) return;
      // A small menu of buttons, not a <select>: a click is a gesture a page script cannot fake
      // (event.isTrusted), while a select's change event can only be trusted from some inputs.
      const menu = document.createElement('details');
      menu.setAttribute(OWNED, 'quickReplyTemplates');
      menu.className = 'companion-templates';
      const summary = document.createElement('summary');
      summary.textContent = t('pageInsertTemplate');
      summary.setAttribute('aria-label', t('pageInsertTemplateLabel'));
      menu.append(summary);
      for (const template of data.templates) {
        const item = document.createElement('button');
        item.type = 'button';
        item.className = 'btn btn-flat';
        item.dataset.templateId = template.id;
        item.textContent = template.name;
        item.addEventListener(
          'click',
          (event) => {
            // Page scripts are hostile: only the user's own click inserts a template.
            if (!event.isTrusted) return;
            menu.open = false;
            const input = document.querySelector<HTMLTextAreaElement>('#reply-control textarea.d-editor-input');
            if (!input) return;
            const title = document.querySelector('#topic-title h1 a.fancy-title')?.textContent?.trim() ?? '';
            const op = authorOf(document.querySelector('article#post_1'));
            const text = template.body.replace(/\{username\}/g, replyingTo || op).replace(/\{topic_title\}/g, title);
            input.focus();
            input.setRangeText(text, input.selectionStart, input.selectionEnd, 'end');
            input.dispatchEvent(new Event('input', { bubbles: true }));
          },
          { signal },
        );
        menu.append(item);
      }
      wrapper.prepend(menu);
    }, signal);
    signal.addEventListener('abort', () => removeOwned('quickReplyTemplates'), { once: true });
  },
};

/**
 * The author of a post: its own byline's user link (`data-user-card` is the username, whichever
 * name shows first), never an expanded "in reply to" post's (`.topic-meta-data.embedded-reply`,
 * inside the same article) — MARKUP.md §2.1, §2.2.
 */
function authorOf(article: Element | null): string {
  return (
    article
      ?.querySelector('.topic-meta-data:not(.embedded-reply) .names a[data-user-card]')
      ?.getAttribute('data-user-card') ?? ''
  );
}
