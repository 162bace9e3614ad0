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

/**
 * Puts a feature's node into a post's action bar. The Glimmer menu (post/menu.gjs, inside
 * `[data-post-number]`) tracks its own nodes, so ours go first. The widget stream's
 * (post-menu.js, ~2.7–3.3) `div.actions` is a virtual-dom child list patched by index: a foreign
 * node before Discourse's buttons would shift each patch onto the wrong one, so there our nodes
 * go last, and go back to the end whenever Discourse appends a button after them.
 */
export function addToPostActions(actions: Element, node: Element, signal: AbortSignal): void {
  if (actions.closest('[data-post-number]')) {
    actions.prepend(node);
    return;
  }
  actions.append(node);
  keepOursLast(actions, signal);
}

/**
 * Keeps the extension's nodes (any feature's) after all of `container`'s own children: virtual-dom
 * appends new children at the end and finds old ones by index, which only holds while nothing of
 * ours comes before them. A MutationObserver runs right after the patch, before the next render.
 */
export function keepOursLast(container: Element, signal: AbortSignal): void {
  // One observer per container, however often a feature re-adds its node.
  if (watched.has(container)) return;
  watched.add(container);
  const stop = () => {
    observer.disconnect();
    watched.delete(container);
  };
  const settle = () => {
    const children = [...container.childNodes];
    const firstOurs = children.findIndex((n) => n instanceof Element && n.hasAttribute(OWNED));
    if (firstOurs < 0) return stop();
    const after = children.slice(firstOurs);
    if (after.every((n) => n instanceof Element && n.hasAttribute(OWNED))) return;
    for (const n of after) if (n instanceof Element && n.hasAttribute(OWNED)) container.append(n);
  };
  const observer = new MutationObserver(settle);
  observer.observe(container, { childList: true });
  signal.addEventListener('abort', stop, { once: true });
}
const watched = new WeakSet<Element>();
