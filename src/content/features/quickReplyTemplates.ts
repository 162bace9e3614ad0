import { t } from '../../ui/i18n';
import { isTopic } from '../pages';
import { listen, OWNED, removeOwned, watchDom, type Feature } from './feature';

/**
 * Inserts a saved template into Discourse's own composer, with `{username}` (the author of the
 * post being replied to) and `{topic_title}` filled in. Relies on composer-body.js
 * (#reply-control) and d-editor.gjs (.d-editor-input, .d-editor-textarea-wrapper) — MARKUP.md §6;
 * text goes in with setRangeText and a bubbling input event so Ember notices.
 */
export const quickReplyTemplates: Feature = {
  id: 'quickReplyTemplates',
  runsOn: isTopic,
  run({ data }, signal) {
    if (!data.templates.length) return;
    let replyingTo = '';
    listen(document, 'click', (event) => {
      const reply = (event.target as Element | null)?.closest('.post-action-menu__reply');
      if (reply) replyingTo = reply.closest('article')?.querySelector('.names .username a[data-user-card]')?.getAttribute('data-user-card') ?? '';
      else if ((event.target as Element | null)?.closest('#topic-footer-buttons .create')) replyingTo = '';
    }, signal);
    watchDom(() => {
      const wrapper = document.querySelector('#reply-control .d-editor-textarea-wrapper');
      if (!wrapper || wrapper.querySelector(`[${OWNED}="quickReplyTemplates"]`)) return;
      const select = document.createElement('select');
      select.setAttribute(OWNED, 'quickReplyTemplates');
      select.className = 'companion-templates';
      select.setAttribute('aria-label', t('pageInsertTemplateLabel'));
      select.append(new Option(t('pageInsertTemplate'), ''));
      for (const template of data.templates) select.append(new Option(template.name, template.id));
      select.addEventListener('change', () => {
        const template = data.templates.find((t) => t.id === select.value);
        select.value = '';
        const input = document.querySelector<HTMLTextAreaElement>('#reply-control textarea.d-editor-input');
        if (!template || !input) return;
        const title = document.querySelector('#topic-title h1 a.fancy-title')?.textContent?.trim() ?? '';
        const op = document.querySelector('[data-post-number="1"] .names .username a[data-user-card]')?.getAttribute('data-user-card') ?? '';
        const text = template.body.replace(/\{username\}/g, replyingTo || op).replace(/\{topic_title\}/g, title);
        input.focus();
        input.setRangeText(text, input.selectionStart, input.selectionEnd, 'end');
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, { signal });
      wrapper.prepend(select);
    }, signal);
    signal.addEventListener('abort', () => removeOwned('quickReplyTemplates'), { once: true });
  },
};
