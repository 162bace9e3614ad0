import { z } from 'zod/mini';
import { declareMessages, okReply } from '../declare';
import { categoryItemSchema, draftSchema, topicItemSchema, forumIdSchema } from '../shapes';

/** Reading topic lists and posts, writing, and the drafts that survive a closed popup. */
export const composeMessages = declareMessages({
  /** `skipped`: topics the forum sent in a shape we could not read, left out of `topics`. */
  'topics.get': {
    from: 'extensionPage',
    forum: true,
    request: {
      forumId: forumIdSchema,
      filter: z.enum(['latest', 'new', 'unread']),
      categoryId: z.optional(z.number()),
      page: z.optional(z.number()),
    },
    reply: z.object({
      topics: z.array(topicItemSchema),
      categories: z.array(categoryItemSchema),
      more: z.boolean(),
      skipped: z.optional(z.number()),
    }),
  },
  'topics.open': {
    from: 'extensionPage',
    forum: true,
    request: { forumId: forumIdSchema, topicId: z.number(), postNumber: z.optional(z.number()) },
    reply: okReply,
  },
  'categories.get': {
    from: 'extensionPage',
    forum: true,
    request: { forumId: forumIdSchema },
    reply: z.object({ categories: z.array(categoryItemSchema) }),
  },
  /** A post's raw Markdown, by id or by its place in a topic (a pasted post link). */
  'post.raw': {
    from: 'extensionPage',
    forum: true,
    request: {
      forumId: forumIdSchema,
      postId: z.optional(z.number()),
      topicId: z.optional(z.number()),
      postNumber: z.optional(z.number()),
    },
    reply: z.object({
      postId: z.number(),
      raw: z.string(),
      topicId: z.number(),
      postNumber: z.number(),
      topicTitle: z.string(),
    }),
  },
  'compose.send': {
    from: 'extensionPage',
    request: { draft: draftSchema },
    // null: sent, but held for a moderator's approval, so there is nothing to link to yet.
    reply: z.object({ url: z.nullable(z.string()) }),
  },
  'drafts.list': { from: 'extensionPage', request: {}, reply: z.object({ drafts: z.array(draftSchema) }) },
  'drafts.save': { from: 'extensionPage', request: { draft: draftSchema }, reply: okReply },
  'drafts.delete': { from: 'extensionPage', request: { id: z.string() }, reply: okReply },
});
