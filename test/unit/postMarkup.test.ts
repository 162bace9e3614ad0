import { describe, expect, it } from 'vitest';
import { postIdentity } from '../../src/content/postMarkup';

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
