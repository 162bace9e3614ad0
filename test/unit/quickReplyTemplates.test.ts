import { runFeature } from './runFeature';
import { describe, expect, it } from 'vitest';
import { quickReplyTemplates } from '../../src/content/features/quickReplyTemplates';

const run = () =>
  runFeature(quickReplyTemplates, { data: { templates: [{ id: 't1', name: 'Thanks', body: 'Thanks @{username}!' }] } });
/** A user's own click (the feature ignores clicks a page script makes). */
const userClick = (el: Element) => {
  const event = new MouseEvent('click', { bubbles: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  el.dispatchEvent(event);
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const MARKDOWN = '<textarea class="d-editor-input ember-text-area"></textarea>';
const RICH =
  '<div class="ProseMirror-container"><div class="ProseMirror d-editor-input" contenteditable="true"></div></div>';
const composer = (editor: string) => {
  document.querySelector('#reply-control')!.innerHTML =
    `<div class="reply-area"><div class="d-editor"><div class="d-editor-textarea-wrapper"><div class="d-editor-button-bar"></div>${editor}</div></div></div>`;
};

// Post 2 on the widget stream (no data-post-number), with "in reply to" (post 1 by alice) expanded inside it.
const TOPIC = `<div class="topic-post"><article id="post_2" data-post-id="20" data-topic-id="5">
  <section class="embedded-posts top"><div class="reply"><div class="row"><div class="topic-body">
    <div class="topic-meta-data embedded-reply"><div class="names trigger-user-card"><span class="first username"><a data-user-card="alice">alice</a></span></div></div>
  </div></div></div></section>
  <div class="row"><div class="topic-body">
    <div class="topic-meta-data"><div class="names trigger-user-card"><span class="first full-name"><a data-user-card="bob">Bob B.</a></span><span class="second username"><a data-user-card="bob">bob</a></span></div></div>
    <div class="regular contents"><section class="post-menu-area clearfix"><nav class="post-controls collapsed"><div class="actions">
      <button class="widget-button btn-flat reply create fade-out btn-icon-text" type="button"><span class="d-button-label">Reply</span></button>
    </div></nav></section></div>
  </div></div>
</article></div>
<div id="reply-control" class="closed"></div>`;

describe('quick reply templates', () => {
  it('widget reply button: {username} is the post’s author, not the expanded parent post’s', async () => {
    document.body.innerHTML = TOPIC;
    const stop = run();
    userClick(document.querySelector('button.reply')!);
    composer(MARKDOWN);
    await settle();
    userClick(document.querySelector('[data-template-id=t1]')!);
    expect(document.querySelector<HTMLTextAreaElement>('textarea.d-editor-input')!.value).toBe('Thanks @bob!');
    stop.abort();
  });
  it('the rich (ProseMirror) editor: no menu, since nothing could be inserted', async () => {
    document.body.innerHTML = TOPIC;
    const stop = run();
    composer(RICH);
    await settle();
    expect(document.querySelector('[data-companion=quickReplyTemplates]')).toBeNull();
    composer(MARKDOWN);
    await settle();
    expect(document.querySelector('[data-companion=quickReplyTemplates]')).not.toBeNull();
    stop.abort();
  });
});
