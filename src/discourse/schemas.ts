import { z } from 'zod';

/**
 * zod schemas of the Discourse responses the extension uses (FACTS.md §1, §3, §4). Strict on the
 * fields we read, tolerant of everything else: unknown fields are dropped, and an unknown
 * `notification_type` is just a number. One map, `responseSchemas`, keyed like "GET /latest.json",
 * serves the client, the sandbox forum's contract tests and anyone else.
 */

const id = z.number().int();
const isoDate = z.string();
const nullableString = z.string().nullable();

export const basicUserSchema = z.object({
  id,
  username: z.string(),
  name: nullableString.optional(),
  avatar_template: z.string(),
});

/** Tags come as names on older forums and as {id, name, slug} on newer ones. */
const tagSchema = z.union([z.string(), z.object({ name: z.string() }).transform((t) => t.name)]);

export const topicListItemSchema = z.object({
  id,
  title: z.string(),
  fancy_title: z.string(),
  slug: z.string(),
  posts_count: z.number().int(),
  reply_count: z.number().int().optional(),
  highest_post_number: z.number().int(),
  created_at: isoDate,
  last_posted_at: isoDate.nullable().optional(),
  bumped_at: isoDate.optional(),
  archetype: z.string().optional(),
  unseen: z.boolean().optional(),
  last_read_post_number: z.number().int().optional(),
  unread_posts: z.number().int().optional(),
  pinned: z.boolean().optional(),
  closed: z.boolean().optional(),
  archived: z.boolean().optional(),
  views: z.number().int().optional(),
  like_count: z.number().int().optional(),
  last_poster_username: z.string().optional(),
  category_id: id.nullable().optional(),
  tags: z.array(tagSchema).optional(),
  posters: z.array(z.object({ user_id: id, description: z.string().nullable().optional(), extras: z.string().nullable().optional() })).optional(),
});

export const topicListSchema = z.object({
  users: z.array(basicUserSchema).optional().default([]),
  topic_list: z.object({
    per_page: z.number().int().optional(),
    more_topics_url: z.string().optional(),
    topics: z.array(topicListItemSchema),
  }),
});

export const categorySchema = z.object({
  id,
  name: z.string(),
  slug: z.string(),
  color: z.string(),
  text_color: z.string(),
  description_text: nullableString.optional(),
  topic_count: z.number().int(),
  position: z.number().int().optional(),
  read_restricted: z.boolean(),
  parent_category_id: id.optional(),
  subcategory_ids: z.array(id).optional(),
  get subcategory_list() {
    return z.array(categorySchema).optional();
  },
});
export type Category = z.infer<typeof categorySchema>;

export const categoriesSchema = z.object({
  category_list: z.object({ can_create_topic: z.boolean().optional(), categories: z.array(categorySchema) }),
});

export const siteSchema = z.object({
  notification_types: z.record(z.string(), z.number().int()),
  categories: z.array(categorySchema.omit({ subcategory_list: true, subcategory_ids: true })),
  uncategorized_category_id: id.optional(),
  can_tag_topics: z.boolean().optional(),
});

export const basicInfoSchema = z.object({
  title: z.string(),
  description: z.string().optional(),
  logo_url: z.string().optional(),
  logo_small_url: z.string().optional(),
  favicon_url: z.string().optional(),
  login_required: z.boolean().optional(),
});

export const postSchema = z.object({
  id,
  username: z.string(),
  name: nullableString.optional(),
  avatar_template: z.string(),
  created_at: isoDate,
  updated_at: isoDate.optional(),
  cooked: z.string(),
  raw: z.string().optional(),
  post_number: z.number().int(),
  post_type: z.number().int().optional(),
  topic_id: id,
  topic_slug: z.string().optional(),
  topic_title: z.string().optional(),
  category_id: id.nullable().optional(),
  // openapi.json documents a string; Discourse sends the post number (see test/forum/openapiErrata.ts).
  reply_to_post_number: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]).nullable().optional(),
  version: z.number().int().optional(),
  yours: z.boolean().optional(),
  can_edit: z.boolean().optional(),
  post_url: z.string().optional(),
});
export type Post = z.infer<typeof postSchema>;

export const topicSchema = z.object({
  id,
  title: z.string(),
  fancy_title: z.string(),
  slug: z.string(),
  posts_count: z.number().int(),
  category_id: id.nullable().optional(),
  archetype: z.string().optional(),
  closed: z.boolean().optional(),
  archived: z.boolean().optional(),
  highest_post_number: z.number().int().nullable().optional(),
  chunk_size: z.number().int().optional(),
  tags: z.array(tagSchema).optional(),
  post_stream: z.object({ posts: z.array(postSchema), stream: z.array(id).optional() }),
  details: z.object({ can_create_post: z.boolean().optional(), can_edit: z.boolean().optional() }).optional(),
});

export const topicPostsSchema = z.object({ id: id.optional(), post_stream: z.object({ posts: z.array(postSchema) }) });

export const notificationSchema = z.object({
  id,
  user_id: id.optional(),
  notification_type: z.number().int(),
  read: z.boolean(),
  high_priority: z.boolean().optional(),
  created_at: isoDate,
  post_number: z.number().int().nullable().optional(),
  topic_id: id.nullable().optional(),
  slug: nullableString.optional(),
  fancy_title: z.string().optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationsSchema = z.object({
  notifications: z.array(notificationSchema),
  total_rows_notifications: z.number().int().optional(),
  seen_notification_id: z.number().int().optional(),
  load_more_notifications: z.string().optional(),
});

export const totalsSchema = z.object({
  username: z.string().optional(),
  unread_notifications: z.number().int(),
  unread_personal_messages: z.number().int().optional(),
  unseen_reviewables: z.number().int().optional(),
  topic_tracking: z.object({ new: z.number().int(), unread: z.number().int().optional() }).optional(),
  group_inboxes: z.array(z.object({ group_id: id, group_name: z.string(), count: z.number().int() })).optional(),
  chat_notifications: z.number().int().optional(),
});
export type Totals = z.infer<typeof totalsSchema>;

export const currentUserSchema = z.object({
  current_user: z.object({
    id,
    username: z.string(),
    name: nullableString.optional(),
    avatar_template: z.string(),
    admin: z.boolean().optional(),
    moderator: z.boolean().optional(),
    trust_level: z.number().int().optional(),
  }),
});

export const successSchema = z.object({ success: z.string() });

export const editedPostSchema = z.object({ post: postSchema });

export const latestPostsSchema = z.object({ latest_posts: z.array(postSchema) });

// --- User API keys (FACTS.md §1)

export const keyPayloadResponseSchema = z.object({ payload: z.string(), instructions: z.string().optional() });

/** The decrypted payload: `{"key","nonce","push","api":4[,"expires_at"]}` (FACTS.md §1.4). */
export const userApiKeyPayloadSchema = z.object({
  key: z.string().min(16),
  nonce: z.string(),
  push: z.boolean().optional().default(false),
  api: z.number().int().min(4),
  expires_at: isoDate.optional(),
});

export const deviceRequestSchema = z.object({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  verification_uri_with_request: z.string().optional(),
  expires_in: z.number(),
  interval: z.number(),
});

export const devicePollSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('authorization_pending') }),
  z.object({ status: z.literal('authorized'), payload: z.string() }),
  z.object({ status: z.literal('access_denied') }),
  z.object({ status: z.literal('expired_token') }),
]);

// --- Errors (FACTS.md §2.2, §3.2)

export const errorBodySchema = z.object({
  errors: z.array(z.string()).optional(),
  error_type: z.string().optional(),
  action: z.string().optional(),
  extras: z.object({ wait_seconds: z.number().optional(), time_left: z.string().optional() }).passthrough().optional(),
});

/** `POST /message-bus/{clientId}/poll` (FACTS.md §4). */
export const messageBusSchema = z.array(z.object({ global_id: z.number(), message_id: z.number(), channel: z.string(), data: z.unknown() }));

export const responseSchemas = {
  'GET /site.json': siteSchema,
  'GET /site/basic-info.json': basicInfoSchema,
  'GET /categories.json': categoriesSchema,
  'GET /latest.json': topicListSchema,
  'GET /new.json': topicListSchema,
  'GET /unread.json': topicListSchema,
  'GET /c/{slug}/{id}.json': topicListSchema,
  'GET /topics/private-messages/{username}.json': topicListSchema,
  'GET /t/{id}.json': topicSchema,
  'GET /t/{id}/posts.json': topicPostsSchema,
  'GET /posts.json': latestPostsSchema,
  'GET /posts/{id}.json': postSchema,
  'POST /posts.json': postSchema,
  'PUT /posts/{id}.json': editedPostSchema,
  'GET /notifications.json': notificationsSchema,
  'GET /notifications/totals.json': totalsSchema,
  'PUT /notifications/mark-read.json': successSchema,
  'GET /session/current.json': currentUserSchema,
  'POST /user-api-key/revoke.json': successSchema,
  'POST /user-api-key.json': keyPayloadResponseSchema,
  'POST /user-api-key/device.json': deviceRequestSchema,
  'POST /user-api-key/device/poll.json': devicePollSchema,
  'POST /message-bus/{clientId}/poll': messageBusSchema,
} as const;

export type RouteKey = keyof typeof responseSchemas;
export type ResponseOf<K extends RouteKey> = z.output<(typeof responseSchemas)[K]>;
