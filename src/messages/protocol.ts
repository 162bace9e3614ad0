import { z } from 'zod/mini';

// Extension CSP forbids eval; without this zod probes `new Function` and logs a CSP violation.
z.config({ jitless: true });

// zod/mini: the same validation at a fraction of the size, which matters in content scripts.

/**
 * The one protocol between extension contexts. Popup, options and content scripts never touch the
 * network or a key: they send one of these requests, and the background answers with a Reply.
 * Both directions are validated with zod on receipt, because a message can come from an older
 * build of the other side (after an update) or, for content scripts, from a page we do not trust.
 */

const forumIdSchema = z.string().check(z.minLength(1), z.maxLength(300));
const connectMethod = z.enum(['device', 'redirect', 'no_redirect', 'paste']);

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

const budgetSchema = z.object({
  usedThisMinute: z.number(),
  perMinute: z.number(),
  usedToday: z.number(),
  perDay: z.number(),
  pausedUntil: z.nullable(z.number()),
});

const problemSchema = z.object({ kind: z.string(), message: z.string(), until: z.optional(z.number()) });

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

export const categoryItemSchema = z.object({ id: z.number(), name: z.string(), slug: z.string(), color: z.string(), parentId: z.nullable(z.number()) });
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

const scopeSchema = z.union([z.literal('all'), forumIdSchema]);

const contentDataSchema = z.object({
  templates: z.array(z.object({ id: z.string(), name: z.string(), body: z.string() })),
  notes: z.record(z.string(), z.string()),
  filters: z.object({ users: z.array(z.string()), keywords: z.array(z.string()), categories: z.array(z.string()), tags: z.array(z.string()) }),
});

export const readingItemSchema = z.object({ forumId: z.string(), topicId: z.number(), postNumber: z.number(), title: z.string(), url: z.string(), savedAt: z.number() });
export type ReadingItem = z.infer<typeof readingItemSchema>;

const shortText = (max: number) => z.string().check(z.maxLength(max));

export const requestSchemas = {
  ping: z.object({ type: z.literal('ping'), sentAt: z.number() }),
  about: z.object({ type: z.literal('about') }),
  'forums.list': z.object({ type: z.literal('forums.list') }),
  'connect.start': z.object({
    type: z.literal('connect.start'),
    url: z.string().check(z.maxLength(2000)),
    /** The forum admin allowlisted this browser's redirect URL (FACTS.md §1.6). */
    allowsRedirect: z.optional(z.boolean()),
    readOnly: z.optional(z.boolean()),
    /** Force a flow instead of probing (the paste box, or a test of one flow). */
    method: z.optional(connectMethod),
  }),
  'connect.status': z.object({ type: z.literal('connect.status'), flowId: z.string() }),
  'connect.paste': z.object({ type: z.literal('connect.paste'), flowId: z.string(), payload: z.string().check(z.maxLength(20_000)) }),
  'connect.cancel': z.object({ type: z.literal('connect.cancel'), flowId: z.string() }),
  /** From the capture script in the no-redirect tab: the payload Discourse showed. */
  'connect.captured': z.object({ type: z.literal('connect.captured'), payload: z.string().check(z.maxLength(20_000)) }),
  'forums.disconnect': z.object({ type: z.literal('forums.disconnect'), forumId: forumIdSchema }),
  /** Admin mode: an admin API key and the username it acts as (empty key: remove it). */
  'forums.setAdminKey': z.object({
    type: z.literal('forums.setAdminKey'),
    forumId: forumIdSchema,
    key: z.string().check(z.maxLength(200)),
    username: z.string().check(z.maxLength(100)),
  }),
  /** FACTS.md §7: with the admin key, create a User API key for another account (shown once). */
  'forums.mintUserKey': z.object({ type: z.literal('forums.mintUserKey'), forumId: forumIdSchema, username: z.string().check(z.minLength(1), z.maxLength(100)) }),
  /** The inbox from cache; with `refresh`, asks the forums first (interactive lane). */
  'inbox.get': z.object({ type: z.literal('inbox.get'), scope: scopeSchema, refresh: z.optional(z.boolean()), force: z.optional(z.boolean()) }),
  'inbox.markRead': z.object({ type: z.literal('inbox.markRead'), forumId: forumIdSchema, notificationId: z.optional(z.number()) }),
  'inbox.open': z.object({ type: z.literal('inbox.open'), forumId: forumIdSchema, notificationId: z.number() }),
  'inbox.more': z.object({ type: z.literal('inbox.more'), forumId: forumIdSchema, offset: z.number() }),
  'topics.get': z.object({
    type: z.literal('topics.get'),
    forumId: forumIdSchema,
    filter: z.enum(['latest', 'new', 'unread']),
    categoryId: z.optional(z.number()),
    page: z.optional(z.number()),
  }),
  'categories.get': z.object({ type: z.literal('categories.get'), forumId: forumIdSchema }),
  'topics.open': z.object({ type: z.literal('topics.open'), forumId: forumIdSchema, topicId: z.number(), postNumber: z.optional(z.number()) }),
  /** A post's raw Markdown, by id or by its place in a topic (a pasted post link). */
  'post.raw': z.object({
    type: z.literal('post.raw'),
    forumId: forumIdSchema,
    postId: z.optional(z.number()),
    topicId: z.optional(z.number()),
    postNumber: z.optional(z.number()),
  }),
  'compose.send': z.object({ type: z.literal('compose.send'), draft: draftSchema }),
  'drafts.list': z.object({ type: z.literal('drafts.list') }),
  'drafts.save': z.object({ type: z.literal('drafts.save'), draft: draftSchema }),
  'drafts.delete': z.object({ type: z.literal('drafts.delete'), id: z.string() }),
  'settings.get': z.object({ type: z.literal('settings.get') }),
  'settings.set': z.object({ type: z.literal('settings.set'), settings: z.partial(settingsViewSchema) }),
  // From content scripts: only about the forum of the page they run on (checked against the sender).
  'content.init': z.object({ type: z.literal('content.init') }),
  'content.postRaw': z.object({ type: z.literal('content.postRaw'), forumId: forumIdSchema, postId: z.number() }),
  /** Quotes a post into the reply draft: the background reads the post itself (text, author, number). */
  'content.quote': z.object({ type: z.literal('content.quote'), forumId: forumIdSchema, postId: z.number(), topicTitle: shortText(300) }),
  'content.saveForLater': z.object({ type: z.literal('content.saveForLater'), forumId: forumIdSchema, topicId: z.number(), postNumber: z.number(), title: shortText(300) }),
  /** `since`: when the page's count was true (its load for the first read, the change for later ones). */
  'content.pageUnread': z.object({ type: z.literal('content.pageUnread'), forumId: forumIdSchema, count: z.number().check(z.minimum(0), z.maximum(100_000)), since: z.optional(z.number()), visible: z.optional(z.boolean()) }),
  'content.setNote': z.object({ type: z.literal('content.setNote'), forumId: forumIdSchema, username: shortText(60), note: shortText(500) }),
  // Admin key only; from an extension page, or a content script of that forum.
  'admin.notify': z.object({
    type: z.literal('admin.notify'),
    forumId: forumIdSchema,
    username: z.string().check(z.minLength(1), z.maxLength(60)),
    topicId: z.optional(z.number()),
    postNumber: z.optional(z.number()),
    note: z.optional(shortText(300)),
  }),
  /** Opens the extension's admin window for a post (notify) or a member (their notifications). */
  'admin.openPanel': z.object({
    type: z.literal('admin.openPanel'),
    forumId: forumIdSchema,
    view: z.enum(['notify', 'notifications']),
    topicId: z.optional(z.number()),
    postNumber: z.optional(z.number()),
    username: z.optional(z.string().check(z.minLength(1), z.maxLength(60))),
  }),
  'admin.searchUsers': z.object({ type: z.literal('admin.searchUsers'), forumId: forumIdSchema, term: shortText(60) }),
  'admin.notificationsOf': z.object({ type: z.literal('admin.notificationsOf'), forumId: forumIdSchema, username: z.string().check(z.minLength(1), z.maxLength(60)) }),
  'readingList.get': z.object({ type: z.literal('readingList.get') }),
  'readingList.remove': z.object({ type: z.literal('readingList.remove'), forumId: forumIdSchema, topicId: z.number(), postNumber: z.number() }),
  'data.get': z.object({ type: z.literal('data.get') }),
  'data.set': z.object({ type: z.literal('data.set'), data: z.record(z.string(), z.unknown()) }),
  'data.export': z.object({ type: z.literal('data.export') }),
  'data.import': z.object({ type: z.literal('data.import'), text: shortText(200_000) }),
  'forums.budget': z.object({ type: z.literal('forums.budget'), forumId: forumIdSchema }),
  /** Asks the forum who we are: confirms the key works, or marks the forum "needs reconnect". */
  'forums.check': z.object({ type: z.literal('forums.check'), forumId: forumIdSchema }),
} as const;

const okSchema = z.object({ ok: z.literal(true) });

export const responseSchemas = {
  ping: z.object({ pong: z.literal(true), sentAt: z.number(), answeredAt: z.number(), version: z.string() }),
  about: z.object({
    version: z.string(),
    browser: z.enum(['chrome', 'firefox']),
    redirectUrl: z.string(),
  }),
  'forums.list': z.object({ forums: z.array(forumViewSchema) }),
  'connect.start': connectStateSchema,
  'connect.status': connectStateSchema,
  'connect.paste': connectStateSchema,
  'connect.cancel': okSchema,
  'connect.captured': okSchema,
  'forums.disconnect': okSchema,
  'forums.check': z.object({ forum: forumViewSchema }),
  'forums.budget': z.object({ hours: z.array(z.number()), usedToday: z.number(), perDay: z.number(), perMinute: z.number() }),
  'content.init': z.object({
    forum: z.nullable(z.object({ id: z.string(), baseUrl: z.string(), title: z.string(), canWrite: z.boolean(), hasAdminKey: z.boolean() })),
    features: z.record(z.string(), z.boolean()),
    data: contentDataSchema,
  }),
  'content.postRaw': z.object({ raw: z.string() }),
  'content.quote': okSchema,
  'content.saveForLater': okSchema,
  'content.pageUnread': okSchema,
  'content.setNote': okSchema,
  'admin.notify': z.object({ username: z.string(), consolidated: z.boolean(), checkUrl: z.string() }),
  'admin.openPanel': okSchema,
  'admin.searchUsers': z.object({ users: z.array(z.object({ username: z.string(), name: z.string() })) }),
  'admin.notificationsOf': z.object({
    notifications: z.array(z.object({ id: z.number(), read: z.boolean(), label: z.string(), actor: z.string(), title: z.string(), url: z.string(), createdAt: z.string() })),
  }),
  'readingList.get': z.object({ items: z.array(readingItemSchema) }),
  'readingList.remove': okSchema,
  'data.get': z.record(z.string(), z.unknown()),
  'data.set': z.record(z.string(), z.unknown()),
  'data.export': z.object({ text: z.string() }),
  'data.import': z.record(z.string(), z.unknown()),
  'inbox.get': z.object({ forums: z.array(forumSummarySchema), notifications: z.array(inboxItemSchema) }),
  'inbox.markRead': okSchema,
  'inbox.open': okSchema,
  'inbox.more': z.object({ notifications: z.array(inboxItemSchema), more: z.boolean() }),
  /** `skipped`: topics the forum sent in a shape we could not read, left out of `topics`. */
  'topics.get': z.object({ topics: z.array(topicItemSchema), categories: z.array(categoryItemSchema), more: z.boolean(), skipped: z.optional(z.number()) }),
  'topics.open': okSchema,
  'categories.get': z.object({ categories: z.array(categoryItemSchema) }),
  'post.raw': z.object({ postId: z.number(), raw: z.string(), topicId: z.number(), postNumber: z.number(), topicTitle: z.string() }),
  'compose.send': z.object({ url: z.string() }),
  'drafts.list': z.object({ drafts: z.array(draftSchema) }),
  'drafts.save': okSchema,
  'drafts.delete': okSchema,
  'settings.get': settingsViewSchema,
  'settings.set': settingsViewSchema,
  'forums.setAdminKey': z.object({ forum: forumViewSchema }),
  'forums.mintUserKey': z.object({ username: z.string(), key: z.string(), scopes: z.array(z.string()), expiresAt: z.nullable(z.string()) }),
} satisfies { [K in keyof typeof requestSchemas]: z.ZodMiniType };

export type RequestType = keyof typeof requestSchemas;
export type Request<T extends RequestType = RequestType> = z.infer<(typeof requestSchemas)[T]>;
export type Response<T extends RequestType> = z.infer<(typeof responseSchemas)[T]>;

export const anyRequestSchema = z.discriminatedUnion(
  'type',
  Object.values(requestSchemas) as unknown as [
    (typeof requestSchemas)[RequestType],
    ...(typeof requestSchemas)[RequestType][],
  ],
);

/** Every failure a caller can see. `kind` picks the UI state; `message` is safe to show (never a key). */
export const errorKinds = [
  'BadRequest',
  'BadReply',
  'NoReceiver',
  'Internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

export const messageErrorSchema = z.object({
  kind: z.string(),
  message: z.string(),
  /** Kind-specific facts the UI acts on (e.g. `until` for a rate limit). */
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type MessageError = z.infer<typeof messageErrorSchema>;

export const replySchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: messageErrorSchema }),
]);
export type Reply = z.infer<typeof replySchema>;
