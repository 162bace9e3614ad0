import { z } from 'zod/mini';
import { declareMessages, okReply } from '../declare';
import { shortText, forumIdSchema } from '../shapes';

const username = z.string().check(z.minLength(1), z.maxLength(60));

/**
 * Admin key only. What it reads or sends is for the extension's own pages: a forum page can only
 * open the admin window (admin.openPanel), never see an answer.
 */
export const adminMessages = declareMessages({
  'admin.notify': {
    from: 'extensionPage',
    forum: true,
    request: {
      forumId: forumIdSchema,
      username,
      topicId: z.optional(z.number()),
      postNumber: z.optional(z.number()),
      note: z.optional(shortText(300)),
    },
    reply: z.object({ username: z.string(), consolidated: z.boolean(), checkUrl: z.string() }),
  },
  /** Opens the extension's admin window for a post (notify) or a member (their notifications). */
  'admin.openPanel': {
    from: 'extensionPageOrForumPage',
    forum: true,
    request: {
      forumId: forumIdSchema,
      view: z.enum(['notify', 'notifications']),
      topicId: z.optional(z.number()),
      postNumber: z.optional(z.number()),
      username: z.optional(username),
    },
    reply: okReply,
  },
  'admin.searchUsers': {
    from: 'extensionPage',
    forum: true,
    request: { forumId: forumIdSchema, term: shortText(60) },
    reply: z.object({ users: z.array(z.object({ username: z.string(), name: z.string() })) }),
  },
  'admin.notificationsOf': {
    from: 'extensionPage',
    forum: true,
    request: { forumId: forumIdSchema, username },
    reply: z.object({
      notifications: z.array(
        z.object({
          id: z.number(),
          read: z.boolean(),
          label: z.string(),
          actor: z.string(),
          title: z.string(),
          url: z.string(),
          createdAt: z.string(),
        }),
      ),
    }),
  },
});
