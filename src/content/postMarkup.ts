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
