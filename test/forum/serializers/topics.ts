/** A topic (`/t/{id}.json`) and its posts, in each shape the post routes answer (field for field as openapi.json lists it; where it and FACTS.md disagree on a type, see openapiErrata.ts). */
import { fancyTitle } from '../fancyTitle';
import type { Post, Topic, User } from '../records';
import type { Store } from '../store';
import { categoryListItem, DEFAULT_STYLE, excerpt, posters, tagsJson, type ListStyle } from './topicLists';
import { authorOf, avatarTemplate, basicUser } from './users';

const actionsSummary = [{ id: 2, can_act: true }];

/**
 * The post fields every post serializer shares (PostSerializer). A deleted author leaves
 * `object.user && …` nil: username, name, avatar, user_id, display_username and trust_level null.
 */
function postCore(store: Store, post: Post, user: User | null) {
  const author = authorOf(store, post.userId);
  const topic = store.topicById(post.topicId)!;
  const mine = !!user && !!author && user.id === author.id;
  return {
    id: post.id,
    name: author?.name ?? null,
    username: author?.username ?? null,
    avatar_template: author ? avatarTemplate(store.basePath, author) : null,
    created_at: post.createdAt,
    cooked: post.cooked,
    post_number: post.postNumber,
    post_type: 1,
    updated_at: post.updatedAt,
    reply_count: store.posts.filter((p) => p.topicId === post.topicId && p.replyToPostNumber === post.postNumber)
      .length,
    reply_to_post_number: post.replyToPostNumber,
    quote_count: 0,
    incoming_link_count: 0,
    reads: 1,
    readers_count: 0,
    score: 0,
    yours: mine,
    topic_id: topic.id,
    topic_slug: topic.slug,
    display_username: author?.name ?? null,
    primary_group_name: null,
    flair_name: null,
    flair_url: null,
    flair_bg_color: null,
    flair_color: null,
    version: post.version,
    can_edit: mine || !!user?.admin || !!user?.moderator,
    can_delete: mine || !!user?.admin,
    can_recover: false,
    can_wiki: !!user?.admin,
    user_title: author?.title ?? null,
    bookmarked: false,
    actions_summary: actionsSummary,
    moderator: !!author?.moderator,
    admin: !!author?.admin,
    staff: !!author?.admin || !!author?.moderator,
    user_id: author?.id ?? null,
    hidden: false,
    trust_level: author?.trustLevel ?? null,
    deleted_at: null,
    user_deleted: false,
    edit_reason: post.editReason,
    can_view_edit_history: true,
    wiki: false,
  };
}

/** A post inside `/t/{id}.json`. */
export function topicPostJson(store: Store, post: Post, user: User | null) {
  const lastRead = user ? store.lastReadOf(user.id, post.topicId) : undefined;
  return {
    ...postCore(store, post, user),
    can_see_hidden_post: false,
    link_counts: [],
    read: lastRead != null && post.postNumber <= lastRead,
    reviewable_id: 0,
    reviewable_score_count: 0,
    reviewable_score_pending_count: 0,
  };
}

export function postUrl(store: Store, post: Post): string {
  const topic = store.topicById(post.topicId)!;
  return `/t/${topic.slug}/${topic.id}/${post.postNumber}`;
}

/** `GET /posts/{id}.json`: the post with `raw`. */
export function singlePostJson(store: Store, post: Post, user: User | null) {
  return {
    ...postCore(store, post, user),
    posts_count: store.postsOf(post.topicId).length,
    can_see_hidden_post: false,
    raw: post.raw,
    reviewable_id: null,
    reviewable_score_count: 0,
    reviewable_score_pending_count: 0,
    post_url: postUrl(store, post),
  };
}

/** `POST /posts.json` and `PUT /posts/{id}.json` answer this shape. */
export function createdPostJson(store: Store, post: Post, user: User | null) {
  return {
    ...postCore(store, post, user),
    raw: post.raw,
    posts_count: store.postsOf(post.topicId).length,
    flair_group_id: null,
    badges_granted: [],
    can_see_hidden_post: false,
    draft_sequence: 0,
    reviewable_id: null,
    reviewable_score_count: 0,
    reviewable_score_pending_count: 0,
    post_url: postUrl(store, post),
    mentioned_users: [],
  };
}

/** A row of `GET /posts.json`. */
export function latestPostJson(store: Store, post: Post, user: User | null) {
  const topic = store.topicById(post.topicId)!;
  return {
    ...postCore(store, post, user),
    posts_count: store.postsOf(post.topicId).length,
    topic_title: topic.title,
    topic_html_title: fancyTitle(topic.title),
    category_id: topic.categoryId,
    flair_group_id: null,
    badges_granted: [],
    can_see_hidden_post: false,
    raw: post.raw,
    excerpt: excerpt(post.raw, 300),
    truncated: post.raw.length > 300,
    reviewable_id: null,
    reviewable_score_count: 0,
    reviewable_score_pending_count: 0,
    post_url: postUrl(store, post),
  };
}

export function topicJson(
  store: Store,
  topic: Topic,
  user: User | null,
  page: number,
  style: ListStyle = DEFAULT_STYLE,
) {
  const all = store.postsOf(topic.id);
  const chunk = 20;
  const posts = all.slice(chunk * (page - 1), chunk * page);
  // created_by / last_poster are `has_one … embed: :objects`: null once the account is deleted.
  const author = authorOf(store, topic.userId);
  const lastPoster = authorOf(store, all.at(-1)?.userId ?? null);
  const participants = [...new Set(all.map((p) => p.userId))].flatMap((id) => {
    const u = authorOf(store, id);
    if (!u) return [];
    return {
      ...basicUser(store, u),
      post_count: all.filter((p) => p.userId === u.id).length,
      primary_group_name: null,
      flair_name: null,
      flair_url: null,
      flair_color: null,
      flair_bg_color: null,
      admin: u.admin,
      moderator: u.moderator,
      trust_level: u.trustLevel,
    };
  });
  const staff = !!user?.admin || !!user?.moderator;
  const suggested = store.topics
    .filter((t) => t.id !== topic.id && t.archetype === topic.archetype && store.canSee(user, t))
    .slice(-5)
    .map((t) => {
      const item = categoryListItem(store, t);
      const { last_poster_username: _l, pinned_globally: _p, posters: _ps, has_summary: _h, ...rest } = item;
      return {
        ...rest,
        last_posted_at: item.last_posted_at,
        tags: tagsJson(store, t.tags, style),
        tags_descriptions: {},
        posters: posters(store, t).map((p) => ({
          extras: p.extras,
          description: p.description,
          user: basicUser(store, store.userById(p.user_id)!),
        })),
      };
    });
  return {
    post_stream: { posts: posts.map((p) => topicPostJson(store, p, user)), stream: all.map((p) => p.id) },
    timeline_lookup: [],
    suggested_topics: suggested,
    tags: tagsJson(store, topic.tags, style),
    tags_descriptions: {},
    id: topic.id,
    title: topic.title,
    fancy_title: fancyTitle(topic.title),
    posts_count: all.length,
    created_at: topic.createdAt,
    views: topic.views,
    reply_count: all.filter((p) => p.replyToPostNumber !== null).length,
    like_count: topic.likeCount,
    last_posted_at: all.at(-1)?.createdAt ?? null,
    visible: true,
    closed: topic.closed,
    archived: topic.archived,
    has_summary: false,
    archetype: topic.archetype,
    slug: topic.slug,
    category_id: topic.categoryId,
    word_count: all.reduce((sum, p) => sum + p.raw.split(/\s+/).length, 0),
    deleted_at: null,
    user_id: topic.userId,
    featured_link: null,
    pinned_globally: false,
    pinned_at: topic.pinned ? topic.createdAt : null,
    pinned_until: null,
    image_url: null,
    slow_mode_seconds: 0,
    draft: null,
    draft_key: `topic_${topic.id}`,
    draft_sequence: 0,
    unpinned: null,
    pinned: topic.pinned,
    ...(user && store.lastReadOf(user.id, topic.id)
      ? { current_post_number: store.lastReadOf(user.id, topic.id) }
      : {}),
    highest_post_number: all.at(-1)?.postNumber ?? null,
    deleted_by: null,
    has_deleted: false,
    actions_summary: [{ id: 4, count: 0, hidden: false, can_act: !!user }],
    chunk_size: chunk,
    bookmarked: false,
    bookmarks: [],
    topic_timer: null,
    message_bus_last_id: 0,
    participant_count: participants.length,
    show_read_indicator: false,
    thumbnails: null,
    slow_mode_enabled_until: null,
    details: {
      can_edit: staff || user?.id === topic.userId,
      notification_level: 1,
      can_move_posts: staff,
      can_delete: staff,
      can_remove_allowed_users: staff,
      can_create_post: !!user && !topic.closed,
      can_reply_as_new_topic: !!user,
      can_convert_topic: staff,
      can_review_topic: staff,
      can_close_topic: staff,
      can_archive_topic: staff,
      can_split_merge_topic: staff,
      can_edit_staff_notes: staff,
      can_toggle_topic_visibility: staff,
      can_pin_unpin_topic: staff,
      can_moderate_category: staff,
      can_remove_self_id: user?.id ?? 0,
      participants,
      created_by: author ? basicUser(store, author) : null,
      last_poster: lastPoster ? basicUser(store, lastPoster) : null,
    },
  };
}
