import { describe, expect, it } from 'vitest';
import { addToPostActions, postIdentity } from '../../src/content/postMarkup';

const dom = (html: string) => {
  document.body.innerHTML = html;
  return document.querySelector<HTMLElement>('article')!;
};

describe('a post’s number from the forum’s markup', () => {
  it('current Glimmer stream: data-post-number on the wrapper', () => {
    expect(
      postIdentity(
        dom(
          '<div class="topic-post" data-post-number="7"><article id="post_7" data-post-id="70" data-topic-id="5"></article></div>',
        ),
      ),
    ).toEqual({ postId: 70, topicId: 5, postNumber: 7 });
  });
  it('older widget stream (no data-post-number): from article#post_N, never post 0', () => {
    expect(
      postIdentity(
        dom(
          '<div class="topic-post clearfix regular"><article id="post_3" class="boxed onscreen-post" role="region" data-post-id="31" data-topic-id="5"></article></div>',
        ),
      ),
    ).toEqual({ postId: 31, topicId: 5, postNumber: 3 });
  });
  it('markup that says nothing gives no identity, so no action appears', () => {
    expect(postIdentity(dom('<article data-post-id="31" data-topic-id="5"></article>'))).toBeNull();
    expect(postIdentity(dom('<article id="post_3"></article>'))).toBeNull();
  });
});

describe('where our buttons go in a post’s action bar', () => {
  const ours = () => Object.assign(document.createElement('span'), { className: 'ours' });
  const mark = (el: Element) => {
    el.setAttribute('data-companion', 'postActions');
    return el;
  };
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('Glimmer menu: first, as before', () => {
    dom(
      '<div data-post-number="3"><article id="post_3"><nav class="post-controls"><div class="actions"><button class="like"></button></div></nav></article></div>',
    );
    const actions = document.querySelector('.actions')!;
    addToPostActions(actions, mark(ours()), new AbortController().signal);
    expect(actions.firstElementChild!.className).toBe('ours');
  });

  it('widget menu (virtual-dom, patched by index): Discourse’s buttons keep their places, ours stay after them', async () => {
    dom(
      '<div class="topic-post"><article id="post_3"><nav class="post-controls"><div class="actions"><button class="like"></button><button class="share"></button></div></nav></article></div>',
    );
    const actions = document.querySelector('.actions')!;
    const stop = new AbortController();
    addToPostActions(actions, mark(ours()), stop.signal);
    addToPostActions(actions, mark(ours()), stop.signal);
    expect([...actions.children].map((c) => c.className)).toEqual(['like', 'share', 'ours', 'ours']);
    // virtual-dom's INSERT patch appends ("show more" adds buttons): index 2 must be Discourse's again.
    actions.append(Object.assign(document.createElement('button'), { className: 'bookmark' }));
    await tick();
    expect([...actions.children].map((c) => c.className)).toEqual(['like', 'share', 'bookmark', 'ours', 'ours']);
    stop.abort();
  });
});
