import { z } from 'zod/mini';
import { declareMessages, okReply } from '../declare';
import { forumSummarySchema, inboxItemSchema, scopeSchema, forumIdSchema } from '../shapes';

/** The popup's inbox across forums. */
export const inboxMessages = declareMessages({
  /** The inbox from cache; with `refresh`, asks the forums first (interactive lane). */
  'inbox.get': {
    from: 'extensionPage',
    request: { scope: scopeSchema, refresh: z.optional(z.boolean()), force: z.optional(z.boolean()) },
    reply: z.object({ forums: z.array(forumSummarySchema), notifications: z.array(inboxItemSchema) }),
  },
  // Not `forum: true`: marking read the notifications of a forum disconnected meanwhile is not an error.
  'inbox.markRead': {
    from: 'extensionPage',
    request: { forumId: forumIdSchema, notificationId: z.optional(z.number()) },
    reply: okReply,
  },
  'inbox.open': {
    from: 'extensionPage',
    request: { forumId: forumIdSchema, notificationId: z.number() },
    reply: okReply,
  },
  'inbox.more': {
    from: 'extensionPage',
    request: { forumId: forumIdSchema, offset: z.number() },
    reply: z.object({ notifications: z.array(inboxItemSchema), more: z.boolean() }),
  },
});
