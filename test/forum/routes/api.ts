import { MESSAGES, int, sendError, sendHtml, sendJson, str } from '../lib/http';
import { topicListPage, topicPage } from '../pages/forumPages';
import type { Ctx, Route } from '../forum';
import { currentUserJson, totalsJson } from '../serializers/currentUser';
import { basicInfoJson, categoryJson, siteJson, visibleCategories } from '../serializers/site';
import { topicListJson, topicState } from '../serializers/topicLists';
import { createdPostJson, latestPostJson, singlePostJson, topicJson, topicPostJson } from '../serializers/topics';
import { cook } from '../cooking';
import { bumpSeen, notificationTypes, withActingUser } from '../notifications';
import { publishNotificationState } from '../postAlerter';
import type { Post } from '../records';
import type { Topic, User } from '../records';

/** The JSON API the extension reads and writes (FACTS.md §3). */

const PER_PAGE = 30;

/** Tags as names on a pre-2026 forum, as {id, name, slug} objects on a current one. */
const listStyle = (ctx: Ctx) => ({ tagObjects: !ctx.forum.settings.oldForum });

function requireUser(ctx: Ctx): User | null {
  if (ctx.user) return ctx.user;
  sendError(ctx.res, 403, 'not_logged_in', [MESSAGES.notLoggedIn]);
  return null;
}

function notFound(ctx: Ctx): void {
  sendError(ctx.res, 404, 'not_found', [MESSAGES.notFound]);
}

function visibleTopics(ctx: Ctx, filter: (t: Topic) => boolean): Topic[] {
  return ctx.forum.store.topics
    .filter((t) => t.archetype === 'regular' && ctx.forum.store.canSee(ctx.user, t) && filter(t))
    .sort(
      (a, b) => Number(b.pinned) - Number(a.pinned) || Date.parse(b.bumpedAt) - Date.parse(a.bumpedAt) || b.id - a.id,
    );
}

/** `/latest`, `/new`, `/unread` and category lists: 0-based `page`, `more_topics_url` only on a full page. */
export function listTopics(
  ctx: Ctx,
  filter: 'latest' | 'new' | 'unread',
  categoryIds: number[] | null,
  listPath: string,
  kind: 'list' | 'category',
) {
  const pageParam = ctx.query.get('page');
  const page = pageParam === null ? 0 : int(pageParam);
  if (page === undefined || page < 0)
    return sendError(ctx.res, 400, 'invalid_parameters', [MESSAGES.invalidParameters('page')]);
  const perPageParam = int(ctx.query.get('per_page'));
  const perPage = perPageParam !== undefined && perPageParam >= 1 && perPageParam <= 100 ? perPageParam : PER_PAGE;
  const store = ctx.forum.store;
  if ((filter === 'new' || filter === 'unread') && !ctx.user)
    return sendError(ctx.res, 403, 'not_logged_in', [MESSAGES.notLoggedIn]);
  const topics = visibleTopics(ctx, (t) => {
    if (categoryIds && !categoryIds.includes(t.categoryId)) return false;
    if (filter === 'latest') return true;
    const state = topicState(store, t, ctx.user);
    return filter === 'new' ? state.isNew : state.unreadPosts > 0;
  });
  const slice = topics.slice(page * perPage, (page + 1) * perPage);
  if (!ctx.wantsJson) {
    const title = categoryIds
      ? store.categoryById(categoryIds[0]!)!.name
      : `${filter[0]!.toUpperCase()}${filter.slice(1)} topics`;
    return sendHtml(ctx.res, 200, topicListPage(ctx, title, slice, filter));
  }
  let more: string | null = null;
  if (slice.length === perPage) {
    const params = new URLSearchParams();
    for (const [key, value] of ctx.query) if (key !== 'page') params.set(key, value);
    if (listPath === '/latest' && !categoryIds) params.set('no_definitions', 'true');
    params.set('page', String(page + 1));
    const sorted = new URLSearchParams([...params].sort(([a], [b]) => a.localeCompare(b)));
    more = `${ctx.forum.settings.subfolder}${listPath}?${sorted}`;
  }
  sendJson(ctx.res, 200, topicListJson(store, slice, ctx.user, perPage, more, kind, listStyle(ctx)));
}

function categoryAndChildren(ctx: Ctx, id: number): number[] {
  return [id, ...ctx.forum.store.categories.filter((c) => c.parentCategoryId === id).map((c) => c.id)];
}

export const apiRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/site$/,
    action: 'site#site',
    json: true,
    handler: (ctx) =>
      sendJson(
        ctx.res,
        200,
        siteJson(ctx.forum.store, ctx.user, { lazyCategories: ctx.forum.settings.lazyCategories }),
      ),
  },
  {
    method: 'GET',
    path: /^\/site\/basic-info$/,
    action: 'site#basic_info',
    json: true,
    handler: (ctx) => sendJson(ctx.res, 200, basicInfoJson(ctx.forum.settings, ctx.baseUrl)),
  },
  {
    method: 'GET',
    path: /^\/categories$/,
    action: 'categories#index',
    handler: (ctx) => {
      if (!ctx.wantsJson) return sendHtml(ctx.res, 200, topicListPage(ctx, 'Categories', [], 'categories'));
      const store = ctx.forum.store;
      const withSubcategories = ctx.query.get('include_subcategories') === 'true';
      const top = visibleCategories(store, ctx.user)
        .filter((c) => c.parentCategoryId === null)
        .sort((a, b) => a.position - b.position);
      sendJson(ctx.res, 200, {
        category_list: {
          can_create_category: !!ctx.user?.admin,
          can_create_topic: !!ctx.user,
          categories: top.map((c) => {
            const json = categoryJson(store, c, ctx.user);
            if (!withSubcategories) return json;
            const children = visibleCategories(store, ctx.user).filter((child) => child.parentCategoryId === c.id);
            return { ...json, subcategory_list: children.map((child) => categoryJson(store, child, ctx.user)) };
          }),
        },
      });
    },
  },
  {
    method: 'GET',
    path: /^\/(?:latest)?$/,
    action: 'list#latest',
    handler: (ctx) => listTopics(ctx, 'latest', null, '/latest', 'list'),
  },
  {
    method: 'GET',
    path: /^\/new$/,
    action: 'list#new',
    handler: (ctx) => listTopics(ctx, 'new', null, '/new', 'list'),
  },
  {
    method: 'GET',
    path: /^\/unread$/,
    action: 'list#unread',
    handler: (ctx) => listTopics(ctx, 'unread', null, '/unread', 'list'),
  },
  {
    // /c/{slug}/{id}, /c/{parent}/{slug}/{id}, and /c/…/{id}/l/{filter}
    method: 'GET',
    path: /^\/c\/(?:[^/]+\/)*?(\d+)(?:\/l\/(latest|new|unread))?$/,
    action: 'list#category_default',
    handler: (ctx) => {
      const id = Number(ctx.match[1]);
      const category = ctx.forum.store.categoryById(id);
      if (!category || !visibleCategories(ctx.forum.store, ctx.user).includes(category)) return notFound(ctx);
      const filter = (ctx.match[2] as 'latest' | 'new' | 'unread' | undefined) ?? 'latest';
      const parent = category.parentCategoryId ? ctx.forum.store.categoryById(category.parentCategoryId) : undefined;
      const base = parent ? `/c/${parent.slug}/${category.slug}/${category.id}` : `/c/${category.slug}/${category.id}`;
      listTopics(ctx, filter, categoryAndChildren(ctx, id), `${base}/l/${filter}`, 'category');
    },
  },
  {
    method: 'GET',
    path: /^\/topics\/private-messages\/([^/]+)$/,
    action: 'list#private_messages',
    json: true,
    handler: (ctx) => {
      const user = requireUser(ctx);
      if (!user) return;
      const store = ctx.forum.store;
      const target = store.userByName(decodeURIComponent(ctx.match[1]!));
      if (!target || (target.id !== user.id && !user.admin))
        return sendError(ctx.res, 403, 'invalid_access', [MESSAGES.invalidAccess]);
      const topics = store.topics
        .filter((t) => t.archetype === 'private_message' && t.allowedUserIds.includes(target.id))
        .sort((a, b) => Date.parse(b.bumpedAt) - Date.parse(a.bumpedAt));
      sendJson(ctx.res, 200, topicListJson(store, topics, user, PER_PAGE, null, 'list', listStyle(ctx)));
    },
  },
  {
    method: 'GET',
    path: /^\/t\/(?:[^/]+\/)?(\d+)(?:\/(\d+))?$/,
    action: 'topics#show',
    handler: (ctx) => {
      const store = ctx.forum.store;
      const topic = store.topicById(Number(ctx.match[1]));
      if (!topic || !store.canSee(ctx.user, topic)) return notFound(ctx);
      if (!ctx.wantsJson) return sendHtml(ctx.res, 200, topicPage(ctx, topic));
      const page = int(ctx.query.get('page')) ?? 1;
      topic.views++;
      sendJson(ctx.res, 200, topicJson(store, topic, ctx.user, Math.max(1, page), listStyle(ctx)));
    },
  },
  {
    method: 'GET',
    path: /^\/t\/(\d+)\/posts$/,
    action: 'topics#posts',
    json: true,
    handler: (ctx) => {
      const store = ctx.forum.store;
      const topic = store.topicById(Number(ctx.match[1]));
      if (!topic || !store.canSee(ctx.user, topic)) return notFound(ctx);
      const ids = (Array.isArray(ctx.params.post_ids) ? ctx.params.post_ids : []).map(Number);
      const posts = store.postsOf(topic.id).filter((p) => ids.includes(p.id));
      sendJson(ctx.res, 200, {
        post_stream: { posts: posts.map((p) => topicPostJson(store, p, ctx.user)) },
        id: topic.id,
      });
    },
  },
  {
    method: 'GET',
    path: /^\/posts$/,
    action: 'posts#latest',
    json: true,
    handler: (ctx) => {
      const store = ctx.forum.store;
      const before = int(ctx.query.get('before'));
      const posts = store.posts
        .filter(
          (p) =>
            (before === undefined || p.id < before) &&
            store.canSee(ctx.user, store.topicById(p.topicId)!) &&
            store.topicById(p.topicId)!.archetype === 'regular',
        )
        .sort((a, b) => b.id - a.id)
        .slice(0, 50);
      sendJson(ctx.res, 200, { latest_posts: posts.map((p) => latestPostJson(store, p, ctx.user)) });
    },
  },
  {
    method: 'GET',
    path: /^\/posts\/(\d+)$/,
    action: 'posts#show',
    json: true,
    handler: (ctx) => {
      const store = ctx.forum.store;
      const post = store.postById(Number(ctx.match[1]));
      if (!post || !store.canSee(ctx.user, store.topicById(post.topicId)!)) return notFound(ctx);
      sendJson(ctx.res, 200, singlePostJson(store, post, ctx.user));
    },
  },
  { method: 'POST', path: /^\/posts$/, action: 'posts#create', json: true, handler: createPost },
  { method: 'PUT', path: /^\/posts\/(\d+)$/, action: 'posts#update', json: true, handler: updatePost },
  {
    method: 'GET',
    path: /^\/notifications$/,
    action: 'notifications#index',
    json: true,
    handler: (ctx) => {
      const me = requireUser(ctx);
      if (!me) return;
      const store = ctx.forum.store;
      // `username` (not with `recent`): another user's list, for that user or an admin (can_see_notifications?).
      const named = ctx.query.get('username');
      const user = named && !ctx.query.get('recent') ? store.userByName(named) : me;
      if (!user) return notFound(ctx);
      if (user.id !== me.id && !me.admin) return sendError(ctx.res, 403, 'invalid_access', [MESSAGES.invalidAccess]);
      let list = store.notifications.filter((n) => n.userId === user.id);
      const typesParam = ctx.query.get('filter_by_types');
      if (typesParam) {
        const names = typesParam.split(',').map((n) => n.trim());
        const unknown = names.find((n) => notificationTypes[n] === undefined);
        if (unknown)
          return sendError(ctx.res, 400, 'invalid_parameters', [MESSAGES.invalidParameters('filter_by_types')]);
        const ids = names.map((n) => notificationTypes[n]);
        list = list.filter((n) => ids.includes(n.notificationType));
      }
      const newestFirst = (a: { id: number }, b: { id: number }) => b.id - a.id;
      const seen = () => store.seenNotificationId.get(user.id) ?? 0;
      const asJson = (n: (typeof list)[number]) => {
        const json = store.notificationJson(n);
        return ctx.forum.settings.showUserMenuAvatars
          ? withActingUser(store, n, json, new URL(ctx.baseUrl).origin)
          : json;
      };
      if (ctx.query.get('recent')) {
        const limit = Math.min(int(ctx.query.get('limit')) ?? 15, 60);
        // Notification.prioritized_list: unread high priority, then unread non-likes (without filter_by_types), then newest.
        const likes = [notificationTypes.liked, notificationTypes.liked_consolidated, notificationTypes.reaction];
        const rank = (n: (typeof list)[number]) => [
          Number(!n.read && n.highPriority),
          typesParam ? 0 : Number(!n.read && !likes.includes(n.notificationType)),
        ];
        list.sort(
          (a, b) =>
            rank(b)[0]! - rank(a)[0]! ||
            rank(b)[1]! - rank(a)[1]! ||
            Date.parse(b.createdAt) - Date.parse(a.createdAt) ||
            b.id - a.id,
        );
        const page = list.slice(0, limit).map(asJson);
        // The bump runs deferred, after the response is built: the answer carries the old seen id.
        const body = { notifications: page, seen_notification_id: seen() };
        // Any `silent`, even silent=false, keeps the seen id (params.has_key?); so does read-only mode.
        if (page.length && !ctx.query.has('silent') && !ctx.forum.settings.readOnly && bumpSeen(store, user.id))
          publishNotificationState(store, user.id, null);
        return sendJson(ctx.res, 200, body);
      }
      const filter = ctx.query.get('filter');
      if (filter === 'read') list = list.filter((n) => n.read);
      if (filter === 'unread') list = list.filter((n) => !n.read);
      list.sort(newestFirst);
      const limit = Math.min(Math.max(int(ctx.query.get('limit')) ?? 60, 1), 60);
      const offset = Math.max(int(ctx.query.get('offset')) ?? 0, 0);
      // The full list never bumps the seen id.
      const more = new URLSearchParams([
        ...(filter ? [['filter', filter]] : []),
        ['limit', String(limit)],
        ['offset', String(offset + limit)],
        ['username', user.username],
      ]);
      sendJson(ctx.res, 200, {
        notifications: list.slice(offset, offset + limit).map(asJson),
        total_rows_notifications: list.length,
        seen_notification_id: seen(),
        load_more_notifications: `${ctx.forum.settings.subfolder}/notifications?${more}`,
      });
    },
  },
  {
    method: 'GET',
    path: /^\/notifications\/totals$/,
    action: 'notifications#totals',
    json: true,
    handler: (ctx) => {
      if (ctx.forum.settings.noNotificationTotals) return notFound(ctx);
      const user = requireUser(ctx);
      if (user) sendJson(ctx.res, 200, totalsJson(ctx.forum.store, user));
    },
  },
  {
    method: 'PUT',
    path: /^\/notifications\/(?:mark-read|read)$/,
    action: 'notifications#mark_read',
    json: true,
    handler: (ctx) => {
      const user = requireUser(ctx);
      if (!user) return;
      const store = ctx.forum.store;
      const id = int(ctx.params.id);
      const dismissTypes = str(ctx.params.dismiss_types);
      const targets = store.notifications.filter((n) => {
        if (n.userId !== user.id) return false;
        if (id !== undefined) return n.id === id;
        if (dismissTypes)
          return dismissTypes.split(',').some((name) => notificationTypes[name.trim()] === n.notificationType);
        return true;
      });
      for (const n of targets) n.read = true;
      // NotificationsController#mark_read always bumps the seen id, then publishes the state.
      bumpSeen(store, user.id);
      publishNotificationState(store, user.id, null);
      sendJson(ctx.res, 200, { success: 'OK' });
    },
  },
  {
    method: 'GET',
    path: /^\/session\/current$/,
    action: 'session#current',
    json: true,
    handler: (ctx) => {
      if (!ctx.user) return void ctx.res.writeHead(404, { 'Content-Length': 0 }).end();
      sendJson(ctx.res, 200, currentUserJson(ctx.forum.store, ctx.user));
    },
  },
];

/** `POST /posts.json`: topic, reply or private message (FACTS.md §3, §2.3). */
function createPost(ctx: Ctx): void {
  const user = requireUser(ctx);
  if (!user) return;
  const { forum } = ctx;
  const store = forum.store;
  const limits = forum.settings.limits;
  const raw = str(ctx.params.raw)?.trim() ?? '';
  const title = str(ctx.params.title)?.trim();
  const topicId = int(ctx.params.topic_id);
  const archetype = str(ctx.params.archetype);
  const errors: string[] = [];
  const fail = () => sendJson(ctx.res, 422, { action: 'create_post', errors });

  if (raw.length < 20) errors.push('Body is too short (minimum is 20 characters)');
  if (raw.length > 32000) errors.push('Body is too long (maximum is 32000 characters)');
  let topic = topicId !== undefined ? store.topicById(topicId) : undefined;
  if (topicId !== undefined && (!topic || !store.canSee(user, topic))) return notFound(ctx);
  if (topic?.closed && !user.admin && !user.moderator)
    errors.push('This topic is closed; it no longer accepts new replies.');
  const isPm = !topic && archetype === 'private_message';
  const recipients = isPm
    ? (str(ctx.params.target_recipients) ?? str(ctx.params.target_usernames) ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
    : [];
  const recipientUsers = recipients.map((name) => store.userByName(name));
  if (!topic) {
    if (!title || title.length < 15) errors.push('Title is too short (minimum is 15 characters)');
    if (title && title.length > 255) errors.push('Title is too long (maximum is 255 characters)');
    if (isPm && !recipients.length) errors.push('You must choose a valid user.');
    recipients.forEach((name, index) => {
      if (!recipientUsers[index]) errors.push(`Sorry, ${name} does not exist.`);
    });
  }
  const category = int(ctx.params.category);
  const target = category !== undefined ? store.categoryById(category) : undefined;
  // TopicCreator: guardian.ensure_can_create!(Topic, category) raises InvalidAccess, a 403 like a dead key's.
  if (!topic && !isPm && target && !store.canCreateTopicIn(user, target))
    return sendError(ctx.res, 403, 'invalid_access', [MESSAGES.invalidAccess]);
  if (!topic && !isPm && category !== undefined && !target) errors.push('Category can’t be blank');
  // unique_posts_mins: the same raw by the same user in the last few minutes is a 422, not a 429.
  const since = forum.now() - forum.scaled(limits.uniquePostsMinutes * 60);
  if (store.posts.some((p) => p.userId === user.id && p.raw.trim() === raw && Date.parse(p.createdAt) > since)) {
    errors.push('Body is too similar to what you recently posted');
  }
  if (errors.length) return fail();

  // NewPostManager: a category that requires approval queues a non-staff post before PostCreator
  // (and its rate limits) runs; 200 with the NewPostResult itself, never unwrapped
  // (PostsController#backwards_compatible_json), pending_post as TopicPendingPostSerializer.
  const home = topic ? store.categoryById(topic.categoryId) : isPm ? undefined : target;
  if (home?.requireApproval && !user.admin && !user.moderator) {
    const { pending, count } = store.enqueuePost({ userId: user.id, raw, topicId: topic?.id ?? null });
    return sendJson(ctx.res, 200, {
      action: 'enqueued',
      pending_post: { id: pending.id, raw: pending.raw, created_at: pending.createdAt },
      pending_count: count,
      success: true,
    });
  }

  // Per-action limits (RateLimiter::OnCreateRecord): 429 rate_limit, no error code header.
  const staffExempt = user.admin || user.moderator;
  if (!staffExempt) {
    const checks: [string, number, number][] = [
      [`create_post_${user.id}`, 1, user.trustLevel === 0 ? limits.newUserCreatePostSeconds : limits.createPostSeconds],
    ];
    if (!topic) {
      checks.push([`create_topic_${user.id}`, 1, limits.createTopicSeconds]);
      checks.push(
        isPm
          ? [`pm_per_day_${user.id}`, limits.maxPersonalMessagesPerDay, 86_400]
          : [`topics_per_day_${user.id}`, limits.maxTopicsPerDay, 86_400],
      );
    }
    for (const [key, max, seconds] of checks) {
      const check = forum.limiter.perform(key, max, forum.scaled(seconds));
      if (!check.allowed) return forum.tooMany(ctx.res, check.waitSeconds, null);
    }
  }

  let post: Post;
  if (topic) {
    const replyTo = int(ctx.params.reply_to_post_number);
    post = store.createPost({ user, topic, raw, replyToPostNumber: replyTo ?? null });
  } else {
    const created = store.createTopic({
      user,
      title: title!,
      raw,
      categoryId: category ?? store.categories.find((c) => c.slug === 'uncategorized')!.id,
      archetype: isPm ? 'private_message' : 'regular',
      recipients: recipientUsers.filter((u) => !!u),
      tags: Array.isArray(ctx.params.tags) ? ctx.params.tags.map(String) : [],
    });
    post = created.post;
    topic = created.topic;
  }
  sendJson(ctx.res, 200, createdPostJson(store, post, user));
}

/**
 * `PUT /posts/{id}.json` with `post[raw]` and optional `post[original_text]` (409 on mismatch). An old
 * forum knows only `post[raw_old]` (renamed by PR #29789, Dec 2024); a current one reads either
 * (PostsController#update @ 002becf8). A blank one checks nothing (`present?`).
 */
function updatePost(ctx: Ctx): void {
  const user = requireUser(ctx);
  if (!user) return;
  const { forum } = ctx;
  const store = forum.store;
  const post = store.postById(Number(ctx.match[1]));
  if (!post || !store.canSee(user, store.topicById(post.topicId)!)) return notFound(ctx);
  if (post.userId !== user.id && !user.admin && !user.moderator)
    return sendError(ctx.res, 403, 'invalid_access', [MESSAGES.invalidAccess]);
  const fields = (typeof ctx.params.post === 'object' && ctx.params.post !== null ? ctx.params.post : {}) as Record<
    string,
    unknown
  >;
  const raw = str(fields.raw)?.trim();
  if (raw === undefined) return sendError(ctx.res, 400, null, [MESSAGES.missingParam('post')]);
  const original = forum.settings.oldForum ? str(fields.raw_old) : str(fields.original_text) || str(fields.raw_old);
  if (original && original !== post.raw) {
    return sendError(ctx.res, 409, 'edit_conflict', [
      'This post was edited by someone else while you were editing it. Your changes could not be saved.',
    ]);
  }
  if (raw.length < 20)
    return sendJson(ctx.res, 422, {
      errors: ['Body is too short (minimum is 20 characters)'],
      error_type: 'record_invalid',
    });
  if (!(user.admin || user.moderator)) {
    const check = forum.limiter.perform(
      `edits_per_day_${user.id}`,
      forum.settings.limits.maxEditsPerDay,
      forum.scaled(86_400),
    );
    if (!check.allowed) return forum.tooMany(ctx.res, check.waitSeconds, null);
  }
  if (raw !== post.raw) {
    post.raw = raw;
    post.cooked = cook(raw);
    post.version++;
    post.updatedAt = store.iso();
    post.editReason = str(fields.edit_reason) ?? null;
  }
  sendJson(ctx.res, 200, { post: createdPostJson(store, post, user) });
}
