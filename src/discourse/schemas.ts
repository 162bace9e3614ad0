import { z } from 'zod';

/**
 * zod schemas of the Discourse responses the extension uses (FACTS.md §1, §3, §4), tolerant by
 * design (docs/serializers.md): nullability and presence follow the serializer that produces each
 * field; a list is read item by item and a bad item is left out (`skipped`), never the whole reply;
 * an optional field of the wrong type reads as absent. Only a reply that is not the documented
 * shape at its top level fails. Unknown fields are dropped; an unknown `notification_type` is just
 * a number. One map, `responseSchemas`, keyed like "GET /latest.json", serves the client, the
 * sandbox forum's contract tests and anyone else.
 */

const id = z.number().int();
const isoDate = z.string();

// --- Tolerance (real forums send nulls, plugin fields and old shapes; see docs/serializers.md)

/** An optional field: a value of the wrong type reads as absent instead of failing the reply. */
const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
/** A field Discourse may send as null or leave out: anything else unexpected reads as null. */
const nullish = <T extends z.ZodType>(schema: T) => schema.nullable().optional().catch(null);
/** A field we need a value for: a wrong or missing one reads as `fallback`. */
const orElse = <T extends z.ZodType>(schema: T, fallback: z.output<T>) => schema.catch(fallback);

/** One item of a list that did not match its schema: left out, counted, and logged with its path. */
export interface SkippedItem {
  path: string;
  message: string;
}

const skippedOf = new WeakMap<object, SkippedItem[]>();

/**
 * A list parsed item by item: good items are kept, bad ones are left out and remembered, so one
 * odd topic or notification never costs the whole list. `lift` puts them on the reply.
 */
function listOf<T extends z.ZodType>(item: T, path: string) {
  return z.array(z.unknown()).transform((items) => {
    const good: z.output<T>[] = [];
    const skipped: SkippedItem[] = [];
    items.forEach((value, index) => {
      const parsed = item.safeParse(value);
      if (parsed.success) good.push(parsed.data);
      else {
        const issue = parsed.error.issues[0];
        skipped.push({ path: [path, index, ...(issue?.path ?? [])].join('.'), message: issue?.message ?? 'invalid' });
      }
    });
    if (skipped.length) skippedOf.set(good, skipped);
    return good;
  });
}

/** The items every `listOf` inside `lists` left out. */
function lift(...lists: (object | undefined)[]): SkippedItem[] {
  return lists.flatMap((list) => (list ? (skippedOf.get(list) ?? []) : []));
}

// --- Users, topics, categories

/** BasicUserSerializer. */
export const basicUserSchema = z.object({
  id,
  username: z.string(),
  name: nullish(z.string()),
  avatar_template: orElse(z.string(), ''),
});

/** Tags come as names on older forums and as {id, name, slug} on newer ones. */
const tagSchema = z.union([z.string(), z.object({ name: z.string() }).transform((t) => t.name)]);
const tagsSchema = opt(listOf(tagSchema, 'tags'));

/**
 * TopicListItemSerializer < ListableTopicSerializer. Per-user fields (`last_read_post_number`,
 * `unread_posts`, `unseen`) exist only with a topic-user row, and `last_read_post_number` is null
 * on a row with nothing read (watched categories, new topics). `last_poster_username` is
 * `last_poster.try(:username)`, `fancy_title` goes through HtmlPrettify (entities).
 */
export const topicListItemSchema = z.object({
  id,
  title: z.string(),
  fancy_title: nullish(z.string()),
  slug: orElse(z.string(), 'topic'),
  posts_count: orElse(z.number().int(), 0),
  reply_count: opt(z.number().int()),
  highest_post_number: orElse(z.number().int(), 0),
  created_at: nullish(isoDate),
  last_posted_at: nullish(isoDate),
  bumped_at: nullish(isoDate),
  archetype: opt(z.string()),
  unseen: opt(z.boolean()),
  last_read_post_number: nullish(z.number().int()),
  unread_posts: nullish(z.number().int()),
  /** Older forums, before `unread_posts`: read-then-updated posts; `new_posts` the ones never seen. */
  unread: nullish(z.number().int()),
  new_posts: nullish(z.number().int()),
  pinned: opt(z.boolean()),
  closed: opt(z.boolean()),
  archived: opt(z.boolean()),
  views: opt(z.number().int()),
  like_count: opt(z.number().int()),
  last_poster_username: nullish(z.string()),
  category_id: nullish(id),
  tags: tagsSchema,
  // TopicPosterSerializer: user_id is null when the poster's account is gone.
  posters: opt(
    listOf(
      z.object({ user_id: nullish(id), description: nullish(z.string()), extras: nullish(z.string()) }),
      'posters',
    ),
  ),
});
export type TopicListItem = z.output<typeof topicListItemSchema>;

/**
 * A topic's unread posts. Older forums send no `unread_posts`, only Unread#unread_posts as `unread`
 * (highest seen − last read) and `new_posts` (highest − highest seen): together the same count.
 */
export function unreadPostsOf(topic: Pick<TopicListItem, 'unread_posts' | 'unread' | 'new_posts'>): number {
  return topic.unread_posts ?? (topic.unread ?? 0) + (topic.new_posts ?? 0);
}

export const topicListSchema = z
  .object({
    users: orElse(listOf(basicUserSchema, 'users'), []),
    topic_list: z.object({
      per_page: opt(z.number().int()),
      more_topics_url: nullish(z.string()),
      topics: listOf(topicListItemSchema, 'topic_list.topics'),
    }),
  })
  .transform((list) => ({ ...list, skipped: lift(list.topic_list.topics) }));

/** BasicCategorySerializer (+ CategorySerializer / SiteCategorySerializer). */
const categoryFields = {
  id,
  name: z.string(),
  slug: orElse(z.string(), ''),
  color: orElse(z.string(), '0088CC'),
  text_color: orElse(z.string(), 'FFFFFF'),
  description_text: nullish(z.string()),
  topic_count: orElse(z.number().int(), 0),
  position: opt(z.number().int()),
  read_restricted: orElse(z.boolean(), false),
  parent_category_id: nullish(id),
  // 1 (full) where the user may start a topic, nil elsewhere (CategoryList#find_categories).
  permission: nullish(z.number().int()),
};

export const categorySchema = z.object({
  ...categoryFields,
  subcategory_ids: opt(z.array(id)),
  // The extension reads one level of subcategories (Discourse nests at most three).
  subcategory_list: opt(listOf(z.object(categoryFields), 'subcategory_list')),
});
export type Category = z.infer<typeof categorySchema>;
export type CategoryFields = z.infer<z.ZodObject<typeof categoryFields>>;

export const categoriesSchema = z
  .object({
    category_list: z.object({
      can_create_topic: opt(z.boolean()),
      categories: listOf(categorySchema, 'category_list.categories'),
    }),
  })
  .transform((reply) => ({ ...reply, skipped: lift(reply.category_list.categories) }));

/**
 * SiteSerializer: `categories` is left out when the forum lazy-loads them
 * (`include_categories?` is `!SiteSetting.lazy_load_categories_for(scope.user)`).
 */
export const siteSchema = z.object({
  notification_types: z.record(z.string(), z.number().int()),
  categories: opt(listOf(z.object(categoryFields), 'categories')),
  uncategorized_category_id: opt(id),
  can_tag_topics: opt(z.boolean()),
});

export const basicInfoSchema = z.object({
  title: orElse(z.string(), ''),
  description: nullish(z.string()),
  logo_url: nullish(z.string()),
  logo_small_url: nullish(z.string()),
  favicon_url: nullish(z.string()),
  login_required: opt(z.boolean()),
});

/**
 * BasicPostSerializer / PostSerializer. A deleted user's post keeps its place with
 * `username`, `name` and `avatar_template` null (`object.user && object.user.username`) and
 * `user_deleted: true`.
 */
export const postSchema = z.object({
  id,
  username: nullish(z.string()),
  name: nullish(z.string()),
  avatar_template: nullish(z.string()),
  user_deleted: opt(z.boolean()),
  created_at: orElse(isoDate, ''),
  updated_at: opt(isoDate),
  cooked: orElse(z.string(), ''),
  raw: opt(z.string()),
  post_number: z.number().int(),
  post_type: opt(z.number().int()),
  topic_id: id,
  topic_slug: nullish(z.string()),
  topic_title: nullish(z.string()),
  category_id: nullish(id),
  // openapi.json documents a string; Discourse sends the post number (see test/forum/openapiErrata.ts).
  reply_to_post_number: nullish(z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])),
  version: opt(z.number().int()),
  yours: opt(z.boolean()),
  can_edit: opt(z.boolean()),
  post_url: nullish(z.string()),
});
export type Post = z.infer<typeof postSchema>;

/** TopicViewSerializer. */
export const topicSchema = z
  .object({
    id,
    title: z.string(),
    fancy_title: nullish(z.string()),
    slug: orElse(z.string(), 'topic'),
    posts_count: orElse(z.number().int(), 0),
    category_id: nullish(id),
    archetype: opt(z.string()),
    closed: opt(z.boolean()),
    archived: opt(z.boolean()),
    highest_post_number: nullish(z.number().int()),
    chunk_size: opt(z.number().int()),
    tags: tagsSchema,
    post_stream: z.object({ posts: listOf(postSchema, 'post_stream.posts'), stream: opt(z.array(id)) }),
    details: opt(z.object({ can_create_post: opt(z.boolean()), can_edit: opt(z.boolean()) })),
  })
  .transform((topic) => ({ ...topic, skipped: lift(topic.post_stream.posts) }));

export const topicPostsSchema = z.object({
  id: opt(id),
  post_stream: z.object({ posts: listOf(postSchema, 'post_stream.posts') }),
});

/**
 * NotificationSerializer. `fancy_title` and `slug` come from the notification's topic and are
 * null (or absent) without one; `data` is whatever the notifying code stored (a JSON object).
 */
export const notificationSchema = z.object({
  id,
  user_id: opt(id),
  notification_type: z.number().int(),
  read: orElse(z.boolean(), false),
  high_priority: opt(z.boolean()),
  created_at: orElse(isoDate, ''),
  post_number: nullish(z.number().int()),
  topic_id: nullish(id),
  slug: nullish(z.string()),
  fancy_title: nullish(z.string()),
  acting_user_avatar_template: nullish(z.string()),
  acting_user_name: nullish(z.string()),
  data: orElse(z.record(z.string(), z.unknown()), {}),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationsSchema = z
  .object({
    notifications: listOf(notificationSchema, 'notifications'),
    total_rows_notifications: opt(z.number().int()),
    seen_notification_id: nullish(z.number().int()),
    load_more_notifications: nullish(z.string()),
  })
  .transform((reply) => ({ ...reply, skipped: lift(reply.notifications) }));

export const totalsSchema = z.object({
  username: opt(z.string()),
  unread_notifications: z.number().int(),
  unread_personal_messages: opt(z.number().int()),
  unseen_reviewables: opt(z.number().int()),
  topic_tracking: opt(z.object({ new: z.number().int(), unread: opt(z.number().int()) })),
  group_inboxes: opt(
    listOf(z.object({ group_id: id, group_name: z.string(), count: z.number().int() }), 'group_inboxes'),
  ),
  chat_notifications: opt(z.number().int()),
});
export type Totals = z.infer<typeof totalsSchema>;

/** CurrentUserSerializer, the fields we read. */
export const currentUserSchema = z.object({
  current_user: z.object({
    id,
    username: z.string(),
    name: nullish(z.string()),
    avatar_template: orElse(z.string(), ''),
    admin: opt(z.boolean()),
    moderator: opt(z.boolean()),
    trust_level: opt(z.number().int()),
    seen_notification_id: opt(z.number().int()),
    unread_notifications: opt(z.number().int()),
    unread_high_priority_notifications: opt(z.number().int()),
    all_unread_notifications_count: opt(z.number().int()),
    new_personal_messages_notifications_count: opt(z.number().int()),
  }),
});

export const successSchema = z.object({ success: z.string() });

/** FoundUserSerializer (UsersController#search_users): `name` only with enable_names. */
export const userSearchSchema = z
  .object({
    users: listOf(
      z.object({ id, username: z.string(), name: nullish(z.string()), avatar_template: orElse(z.string(), '') }),
      'users',
    ),
  })
  .transform((reply) => ({ ...reply, skipped: lift(reply.users) }));

/** UserCardSerializer, the fields we read. */
export const userCardSchema = z.object({ user: z.object({ id, username: z.string() }) });

export const editedPostSchema = z.object({ post: postSchema });

/**
 * `POST /posts.json` held for a moderator (NewPostManager#enqueue): 200 with the NewPostResult
 * itself, not the post, as backwards_compatible_json never unwraps an `enqueued` action.
 */
export const enqueuedPostSchema = z.object({
  action: z.literal('enqueued'),
  pending_post: opt(z.object({ id })),
  pending_count: opt(z.number().int()),
});
export const createdPostSchema = z.union([enqueuedPostSchema, postSchema]);

export const latestPostsSchema = z.object({ latest_posts: listOf(postSchema, 'latest_posts') });

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
export const messageBusSchema = z.array(
  z.object({ global_id: z.number(), message_id: z.number(), channel: z.string(), data: z.unknown() }),
);

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
  'POST /posts.json': createdPostSchema,
  'PUT /posts/{id}.json': editedPostSchema,
  'GET /notifications.json': notificationsSchema,
  'GET /notifications/totals.json': totalsSchema,
  'PUT /notifications/mark-read.json': successSchema,
  'POST /notifications.json': notificationSchema,
  'GET /u/search/users.json': userSearchSchema,
  'GET /u/{username}/card.json': userCardSchema,
  'GET /session/current.json': currentUserSchema,
  'POST /user-api-key/revoke.json': successSchema,
  'POST /user-api-key.json': keyPayloadResponseSchema,
  'POST /user-api-key/device.json': deviceRequestSchema,
  'POST /user-api-key/device/poll.json': devicePollSchema,
  'POST /message-bus/{clientId}/poll': messageBusSchema,
} as const;

export type RouteKey = keyof typeof responseSchemas;
export type ResponseOf<K extends RouteKey> = z.output<(typeof responseSchemas)[K]>;
