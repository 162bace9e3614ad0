import { z } from 'zod/mini';
import { errorKinds } from '../discourse/errorKinds';

// Extension CSP forbids eval; without this zod probes `new Function` and logs a CSP violation.
z.config({ jitless: true });

/**
 * The data the extension's contexts pass each other: forums, inbox rows, topics, drafts. Never a
 * key. zod/mini: the same validation at a fraction of the size, which matters in the popup.
 */

export const forumIdSchema = z.string().check(z.minLength(1), z.maxLength(300));
export const connectMethod = z.enum(['device', 'redirect', 'no_redirect', 'paste']);

/** A connected forum as the UI sees it: never its key. */
export const forumViewSchema = z.object({
  id: z.string(),
  baseUrl: z.string(),
  title: z.string(),
  logoUrl: z.nullable(z.string()),
  username: z.string(),
  avatarUrl: z.string(),
  flow: z.enum(['device', 'redirect', 'no_redirect', 'paste', 'admin_minted']),
  scopes: z.array(z.string()),
  expiresAt: z.nullable(z.string()),
  connectedAt: z.number(),
  status: z.enum(['connected', 'needs_reconnect']),
  hasAdminKey: z.boolean(),
});
export type ForumView = z.infer<typeof forumViewSchema>;

export const connectStateSchema = z.object({
  flowId: z.string(),
  baseUrl: z.string(),
  title: z.string(),
  method: connectMethod,
  state: z.enum(['waiting', 'connected', 'failed']),
  /** What to tell the user now (a failure reason, or what to do next). */
  message: z.optional(z.string()),
  /** Device flow: the code the user must type or confirm on the forum. */
  userCode: z.optional(z.string()),
  verificationUrl: z.optional(z.string()),
  expiresAt: z.optional(z.number()),
  /** The approval page for the no-redirect and paste flows. */
  authUrl: z.optional(z.string()),
  forumId: z.optional(z.string()),
  scopes: z.array(z.string()),
});
export type ConnectState = z.infer<typeof connectStateSchema>;

export const budgetSchema = z.object({
  usedThisMinute: z.number(),
  perMinute: z.number(),
  usedToday: z.number(),
  perDay: z.number(),
  pausedUntil: z.nullable(z.number()),
});

// An older build's stored kind that this one does not know reads as Internal; its message stays.
const problemSchema = z.object({
  kind: z.catch(z.enum(errorKinds), 'Internal'),
  message: z.string(),
  until: z.optional(z.number()),
});

export const forumSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  baseUrl: z.string(),
  status: z.enum(['connected', 'needs_reconnect']),
  unread: z.number(),
  highPriority: z.number(),
  canWrite: z.boolean(),
  /** The last refresh failed: what the user should know (offline, rate limited, read-only…). */
  problem: z.nullable(problemSchema),
  fetchedAt: z.nullable(z.number()),
  budget: z.nullable(budgetSchema),
  /** Notifications the forum sent in a shape we could not read, left out of the list. */
  skipped: z.optional(z.number()),
  /** The forum has an admin key: the composer offers "Notification". */
  hasAdminKey: z.optional(z.boolean()),
  /** The forum's small logo, absolute; absent where it has none (a letter mark stands in). */
  logoUrl: z.optional(z.nullable(z.string())),
});
export type ForumSummary = z.infer<typeof forumSummarySchema>;

export const inboxItemSchema = z.object({
  forumId: z.string(),
  id: z.number(),
  type: z.number(),
  typeName: z.string(),
  read: z.boolean(),
  highPriority: z.boolean(),
  createdAt: z.string(),
  /** Plain text, never HTML. */
  title: z.string(),
  actor: z.string(),
  /** The kind in a few words ("new reply"), a glyph, and the filter group (src/discourse/notifications.ts). */
  label: z.string(),
  icon: z.string(),
  group: z.string(),
  topicId: z.nullable(z.number()),
  postNumber: z.nullable(z.number()),
  url: z.string(),
  /** Who did what, in the reader's language ("zoe replied"); absent in views an older build stored. */
  byline: z.optional(z.string()),
  /** The acting user's avatar (48 px), when the forum sends it. */
  avatar: z.optional(z.nullable(z.string())),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const topicItemSchema = z.object({
  id: z.number(),
  title: z.string(),
  categoryId: z.nullable(z.number()),
  tags: z.array(z.string()),
  postsCount: z.number(),
  unreadPosts: z.number(),
  isNew: z.boolean(),
  lastPostedAt: z.nullable(z.string()),
  lastPoster: z.string(),
  url: z.string(),
});
export type TopicItem = z.infer<typeof topicItemSchema>;

export const categoryItemSchema = z.object({
  id: z.number(),
  name: z.string(),
  slug: z.string(),
  color: z.string(),
  parentId: z.nullable(z.number()),
  /** false: the user may read but not start topics there. Absent in categories an older build kept. */
  canCreateTopic: z.optional(z.boolean()),
});
export type CategoryItem = z.infer<typeof categoryItemSchema>;

export const draftSchema = z.object({
  id: z.string().check(z.maxLength(200)),
  forumId: z.string(),
  kind: z.enum(['topic', 'reply', 'pm', 'edit']),
  title: z.string().check(z.maxLength(300)),
  raw: z.string().check(z.maxLength(64_000)),
  categoryId: z.nullable(z.number()),
  topicId: z.nullable(z.number()),
  topicTitle: z.string().check(z.maxLength(300)),
  replyToPostNumber: z.nullable(z.number()),
  recipients: z.string().check(z.maxLength(1000)),
  postId: z.nullable(z.number()),
  /** Edit: the text the edit started from, sent as original_text (a changed post is a conflict). */
  originalText: z.nullable(z.string().check(z.maxLength(64_000))),
  updatedAt: z.number(),
});
export type Draft = z.infer<typeof draftSchema>;

export const settingsViewSchema = z.object({
  badge: z.enum(['all', 'high_priority']),
  desktop: z.object({ enabled: z.boolean(), types: z.array(z.string()), quietWhenForumOpen: z.boolean() }),
});

export const scopeSchema = z.union([z.literal('all'), forumIdSchema]);

export const contentDataSchema = z.object({
  templates: z.array(z.object({ id: z.string(), name: z.string(), body: z.string() })),
  notes: z.record(z.string(), z.string()),
  filters: z.object({
    users: z.array(z.string()),
    keywords: z.array(z.string()),
    categories: z.array(z.string()),
    tags: z.array(z.string()),
  }),
});

export const readingItemSchema = z.object({
  forumId: z.string(),
  topicId: z.number(),
  postNumber: z.number(),
  title: z.string(),
  url: z.string(),
  savedAt: z.number(),
});
export type ReadingItem = z.infer<typeof readingItemSchema>;

export const shortText = (max: number) => z.string().check(z.maxLength(max));
