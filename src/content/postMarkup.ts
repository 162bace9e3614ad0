import { OWNED } from './features/feature';

/**
 * Reading a post's identity off Discourse's markup, current and older (MARKUP.md §2.1, §2.2):
 * the Glimmer stream puts `data-post-number` on the wrapper; the older widget stream has none, but
 * both render `article#post_N[data-post-id][data-topic-id]`.
 */
export interface PostIdentity {
  postId: number;
  topicId: number;
  postNumber: number;
}

/** The post an `article` shows, or null when the markup does not say (then no action appears). */
export function postIdentity(article: HTMLElement): PostIdentity | null {
  const postId = Number(article.dataset.postId);
  const topicId = Number(article.dataset.topicId);
  const fromWrapper = Number(article.closest<HTMLElement>('[data-post-number]')?.dataset.postNumber);
  const fromId = Number(/^post_(\d+)$/.exec(article.id)?.[1]);
  const postNumber = fromWrapper > 0 ? fromWrapper : fromId;
  if (!(postId > 0) || !(topicId > 0) || !(postNumber > 0)) return null;
  return { postId, topicId, postNumber };
}

/**
 * Each post's action bar (nav.post-controls .actions, MARKUP.md §2.1) that holds nothing of
 * `owner` yet, with the post it belongs to: where a feature adds its buttons, once per post.
 */
export function* undecoratedPostActions(owner: string): Generator<{ actions: Element; post: PostIdentity }> {
  for (const article of document.querySelectorAll<HTMLElement>('article[data-post-id]')) {
    const actions = article.querySelector('nav.post-controls .actions');
    if (!actions || actions.querySelector(`[${OWNED}="${owner}"]`)) continue;
    const post = postIdentity(article);
    if (post) yield { actions, post };
  }
}
