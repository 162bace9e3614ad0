import { z } from 'zod/mini';
import { declareMessages, okReply } from '../declare';
import { forumViewSchema, forumIdSchema } from '../shapes';

/** The connected forums: list, health, budget, admin key, disconnect. */
export const forumMessages = declareMessages({
  ping: {
    from: 'anyone',
    request: { sentAt: z.number() },
    reply: z.object({ pong: z.literal(true), sentAt: z.number(), answeredAt: z.number(), version: z.string() }),
  },
  about: {
    from: 'anyone',
    request: {},
    reply: z.object({ version: z.string(), browser: z.enum(['chrome', 'firefox']), redirectUrl: z.string() }),
  },
  'forums.list': { from: 'extensionPage', request: {}, reply: z.object({ forums: z.array(forumViewSchema) }) },
  /** Asks the forum who we are: confirms the key works, or marks the forum "needs reconnect". */
  'forums.check': {
    from: 'extensionPage',
    forum: true,
    request: { forumId: forumIdSchema },
    reply: z.object({ forum: forumViewSchema }),
  },
  'forums.budget': {
    from: 'extensionPage',
    forum: true,
    request: { forumId: forumIdSchema },
    reply: z.object({ hours: z.array(z.number()), usedToday: z.number(), perDay: z.number(), perMinute: z.number() }),
  },
  /** Admin mode: an admin API key and the username it acts as (empty key: remove it). */
  'forums.setAdminKey': {
    from: 'extensionPage',
    forum: true,
    request: {
      forumId: forumIdSchema,
      key: z.string().check(z.maxLength(200)),
      username: z.string().check(z.maxLength(100)),
    },
    reply: z.object({ forum: forumViewSchema }),
  },
  /** FACTS.md §7: with the admin key, create a User API key for another account (shown once). */
  'forums.mintUserKey': {
    from: 'extensionPage',
    forum: true,
    request: { forumId: forumIdSchema, username: z.string().check(z.minLength(1), z.maxLength(100)) },
    reply: z.object({
      username: z.string(),
      key: z.string(),
      scopes: z.array(z.string()),
      expiresAt: z.nullable(z.string()),
    }),
  },
  'forums.disconnect': { from: 'extensionPage', forum: true, request: { forumId: forumIdSchema }, reply: okReply },
});
