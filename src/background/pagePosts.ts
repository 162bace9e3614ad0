import { DiscourseError, said } from '../discourse/errors';
import type { ForumRecord } from './forumRegistry';
import type { Sender } from './router';
import { topics, pages } from './services';

/**
 * A post a page feature acts on: read by the background, and only if it belongs to the topic of
 * the sending tab's URL. Defence in depth beside the trusted-click rule: a page that fakes a post
 * element gets nothing from another topic. (A page can still change its URL with pushState; what
 * it reaches that way needs the user's own click on the extension's button.)
 */
export async function postOnPage(forum: ForumRecord, sender: Sender, postId: number) {
  const topicId = pages.topicOnPage(forum, sender);
  if (topicId === null) throw new DiscourseError('Forbidden', said('errorTopicPageOnly'));
  const post = await topics.postRaw(forum.id, { postId });
  if (post.topicId !== topicId) throw new DiscourseError('Forbidden', said('errorPostNotOnPage'));
  return post;
}

/** Quotes a post of the page into the forum's reply draft. */
export async function quotePost(forum: ForumRecord, sender: Sender, postId: number, topicTitle: string) {
  const post = await postOnPage(forum, sender, postId);
  // A reply draft posts publicly: a staff whisper quoted into it would be published.
  if (post.whisper) throw new DiscourseError('Forbidden', said('errorQuoteWhisper'));
  await pages.quote(forum, {
    topicId: post.topicId,
    topicTitle,
    postNumber: post.postNumber,
    username: post.username,
    text: post.raw,
  });
  return { ok: true as const };
}

/** A post a page names by its place, refused unless it is in the topic the page shows. */
export function postOfPage<T extends { topicId: number }>(forum: ForumRecord, sender: Sender, post: T): T {
  if (pages.topicOnPage(forum, sender) !== post.topicId)
    throw new DiscourseError('Forbidden', said('errorPostNotOnPage'));
  return post;
}
