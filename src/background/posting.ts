import { DiscourseError, isDiscourseError } from '../discourse/errors';
import type { Draft } from '../messages/protocol';
import type { ForumRegistry } from './forumRegistry';
import type { ForumTopics } from './forumTopics';

/** Posting what the composer wrote: a new topic, a reply, a private message or an edit. */
export class Posting {
  constructor(
    private readonly registry: ForumRegistry,
    private readonly topics: ForumTopics,
  ) {}

  /**
   * Sends a draft: its post's address, or null when the forum holds it for a moderator. Errors keep
   * the server's words; an edit conflict carries the post as it is now.
   */
  async send(draft: Draft): Promise<{ url: string | null }> {
    const forum = await this.registry.connected(draft.forumId);
    try {
      const post = await this.registry.use(draft.forumId, async (client) => {
        switch (draft.kind) {
          case 'topic':
            return client.createTopic({
              title: draft.title,
              raw: draft.raw,
              ...(draft.categoryId !== null ? { category: draft.categoryId } : {}),
            });
          case 'reply':
            return client.reply({
              topicId: draft.topicId!,
              raw: draft.raw,
              ...(draft.replyToPostNumber ? { replyToPostNumber: draft.replyToPostNumber } : {}),
            });
          case 'pm':
            return client.privateMessage({
              title: draft.title,
              raw: draft.raw,
              recipients: draft.recipients
                .split(',')
                .map((r) => r.trim())
                .filter(Boolean),
            });
          case 'edit':
            return (
              await client.editPost({
                id: draft.postId!,
                raw: draft.raw,
                ...(draft.originalText !== null ? { originalText: draft.originalText } : {}),
              })
            ).post;
        }
      });
      // Held for approval: sent all the same (sending again would queue it twice), but no post to link yet.
      if ('action' in post) return { url: null };
      return { url: `${forum.baseUrl}/t/${post.topic_slug ?? 'topic'}/${post.topic_id}/${post.post_number}` };
    } catch (error) {
      if (isDiscourseError(error, 'EditConflict') && draft.postId) {
        const current = await this.topics.postRaw(draft.forumId, { postId: draft.postId }).catch(() => null);
        throw new DiscourseError('EditConflict', error.message, { currentRaw: current?.raw ?? null });
      }
      throw error;
    }
  }
}
