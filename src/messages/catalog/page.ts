import { z } from 'zod/mini';
import { declareMessages, okReply } from '../declare';
import { contentDataSchema, shortText, forumIdSchema } from '../shapes';

/** From content scripts on forum pages: only ever about the forum of the page they run on. */
export const pageMessages = declareMessages({
  'content.init': {
    from: 'contentScript',
    request: {},
    reply: z.object({
      forum: z.nullable(
        z.object({
          id: z.string(),
          baseUrl: z.string(),
          title: z.string(),
          canWrite: z.boolean(),
          hasAdminKey: z.boolean(),
        }),
      ),
      features: z.record(z.string(), z.boolean()),
      data: contentDataSchema,
    }),
  },
  'content.postRaw': {
    from: 'forumPage',
    forum: true,
    request: { forumId: forumIdSchema, postId: z.number() },
    reply: z.object({ raw: z.string() }),
  },
  /** Quotes a post into the reply draft: the background reads the post itself (text, author, number). */
  'content.quote': {
    from: 'forumPage',
    forum: true,
    request: { forumId: forumIdSchema, postId: z.number(), topicTitle: shortText(300) },
    reply: okReply,
  },
  'content.saveForLater': {
    from: 'forumPage',
    forum: true,
    request: { forumId: forumIdSchema, topicId: z.number(), postNumber: z.number(), title: shortText(300) },
    reply: okReply,
  },
  /** `since`: when the page's count was true (its load for the first read, the change for later ones). */
  'content.pageUnread': {
    from: 'forumPage',
    forum: true,
    request: {
      forumId: forumIdSchema,
      count: z.number().check(z.minimum(0), z.maximum(100_000)),
      since: z.optional(z.number()),
      visible: z.optional(z.boolean()),
    },
    reply: okReply,
  },
  'content.setNote': {
    from: 'forumPage',
    forum: true,
    request: { forumId: forumIdSchema, username: shortText(60), note: shortText(500) },
    reply: okReply,
  },
});
