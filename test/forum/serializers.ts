import { fancyTitle } from './fancyTitle';
import { escapeHtml } from './cooking';
import { notificationTypes } from './notifications';
import type { Category, Post, Topic, User } from './records';
import type { Store } from './store';

/**
 * Discourse's JSON shapes, field for field as openapi.json lists them for each route (most of its
 * schemas forbid extra fields), with values from the store. Where the OpenAPI file and FACTS.md
 * disagree on a type, see test/forum/openapiErrata.ts.
 */

/** Discourse's avatar_template carries the subfolder of a subfolder install. */
export function avatarTemplate(basePath: string, user: User): string {
  return `${basePath}/letter_avatar_proxy/v4/letter/${user.username[0]!.toLowerCase()}/${letterColor(user.username)}/{size}.png`;
}
function letterColor(username: string): string {
  let hash = 0;
  for (const ch of username) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return ['e47c90', '8c91ba', 'b19c9b', '3ab54a', 'f1592a', '0e76bd'][hash % 6]!;
}

export function basicUser(store: Store, user: User) {
  return { id: user.id, username: user.username, name: user.name, avatar_template: avatarTemplate(store.basePath, user) };
}

/** The author of a post or topic; undefined once the account is deleted (user_id nil). */
export function authorOf(store: Store, userId: number | null): User | undefined {
  return userId === null ? undefined : store.userById(userId);
}

/** How this forum's TopicTagsMixin sends tags: names until 2025, {id, name, slug} since. */
export interface ListStyle {
  tagObjects: boolean;
}
const DEFAULT_STYLE: ListStyle = { tagObjects: true };

function tagsJson(store: Store, tags: string[], style: ListStyle) {
  return style.tagObjects ? tags.map((name) => ({ id: store.tagId(name), name, slug: name })) : tags;
}

export function categoryJson(store: Store, category: Category, user: User | null, forSite = false) {
  const topics = store.topics.filter((t) => t.categoryId === category.id && t.archetype === 'regular');
  const posts = store.posts.filter((p) => topics.some((t) => t.id === p.topicId));
  const children = store.categories.filter((c) => c.parentCategoryId === category.id);
  const common = {
    id: category.id,
    name: category.name,
    color: category.color,
    text_color: category.textColor,
    style_type: 'square',
    emoji: null,
    icon: null,
    slug: category.slug,
    topic_count: topics.length,
    post_count: posts.length,
    position: category.position,
    description: category.description ? `<p>${escapeHtml(category.description)}</p>` : null,
    // Category#description_text: nil without a description, and HTML-escaped text otherwise.
    description_text: category.description ? escapeHtml(category.description) : null,
    description_excerpt: category.description || null,
    topic_url: `/t/about-the-${category.slug}-category/${category.id}`,
    read_restricted: category.readRestricted,
    permission: user ? 1 : 3,
    notification_level: 1,
    topic_template: null,
    topic_title_placeholder: null,
    has_children: children.length > 0,
    subcategory_count: children.length || null,
    sort_order: null,
    sort_ascending: null,
    show_subcategory_list: false,
    num_featured_topics: 3,
    default_view: null,
    subcategory_list_style: 'rows_with_featured_topics',
    default_top_period: 'all',
    default_list_filter: 'all',
    minimum_required_tags: 0,
    navigate_to_first_post_after_read: false,
    uploaded_logo: null,
    uploaded_logo_dark: null,
    uploaded_background: null,
    uploaded_background_dark: null,
    can_edit: !!user?.admin,
  };
  if (forSite) {
    return {
      ...common,
      allow_global_tags: false,
      required_tag_groups: [],
      read_only_banner: null,
      ...(category.parentCategoryId ? { parent_category_id: category.parentCategoryId } : {}),
    };
  }
  const since = (days: number) => topics.filter((t) => Date.parse(t.createdAt) > store.now() - days * 86_400_000).length;
  return {
    ...common,
    topics_day: since(1),
    topics_week: since(7),
    topics_month: since(30),
    topics_year: since(365),
    topics_all_time: topics.length,
    ...(category.slug === 'uncategorized' ? { is_uncategorized: true } : {}),
    subcategory_ids: children.map((c) => c.id),
  };
}

export function categoryUrl(store: Store, category: Category): string {
  const parent = category.parentCategoryId ? store.categoryById(category.parentCategoryId) : undefined;
  return parent ? `/c/${parent.slug}/${category.slug}/${category.id}` : `/c/${category.slug}/${category.id}`;
}

export function visibleCategories(store: Store, user: User | null): Category[] {
  return store.categories.filter((c) => !c.readRestricted || user?.admin || user?.moderator);
}

/** SiteSerializer; with lazy-loaded categories the `categories` key is left out (include_categories?). */
export function siteJson(store: Store, user: User | null, options: { lazyCategories?: boolean } = {}) {
  const uncategorized = store.categories.find((c) => c.slug === 'uncategorized')!;
  const flag = (id: number, name: string) => ({
    id,
    name_key: name.toLowerCase().replace(/\s+/g, '_'),
    name,
    description: name,
    short_description: name,
    is_flag: id !== 2,
    require_message: false,
    enabled: true,
    applies_to: ['Post', 'Topic'],
    is_used: false,
    position: id,
    auto_action_type: false,
    system: true,
  });
  return {
    default_archetype: 'regular',
    notification_types: { ...notificationTypes },
    post_types: { regular: 1, moderator_action: 2, small_action: 3, whisper: 4 },
    trust_levels: { newuser: 0, basic: 1, member: 2, regular: 3, leader: 4 },
    groups: [
      { id: 1, name: 'admins', flair_url: null, flair_bg_color: null, flair_color: null, automatic: true },
      { id: 2, name: 'moderators', flair_url: null, flair_bg_color: null, flair_color: null, automatic: true },
      { id: 3, name: 'staff', flair_url: null, flair_bg_color: null, flair_color: null, automatic: true },
      { id: 10, name: 'trust_level_0', flair_url: null, flair_bg_color: null, flair_color: null, automatic: true },
      { id: 41, name: 'support', full_name: 'Support volunteers', flair_url: null, flair_bg_color: null, flair_color: null, automatic: false },
    ],
    filters: ['latest', 'unread', 'new', 'unseen', 'top', 'read', 'posted', 'bookmarks', 'hot'],
    homepage_choices: ['latest', 'categories', 'new', 'unread', 'top', 'hot'],
    periods: ['all', 'yearly', 'quarterly', 'monthly', 'weekly', 'daily'],
    top_menu_items: ['latest', 'new', 'unread', 'top', 'categories'],
    anonymous_top_menu_items: ['latest', 'top', 'categories'],
    uncategorized_category_id: uncategorized.id,
    user_field_max_length: 2048,
    post_action_types: [flag(2, 'Like'), flag(3, 'Off-Topic'), flag(4, 'Inappropriate'), flag(8, 'Spam')],
    topic_flag_types: [flag(4, 'Inappropriate'), flag(8, 'Spam')],
    can_create_tag: !!user?.admin,
    can_tag_topics: !!user,
    can_tag_pms: false,
    tags_filter_regexp: '[\\/\\?#\\[\\]@!\\$&\'\\(\\)\\*\\+,;=\\.%\\\\`^\\s|\\{\\}"<>]+',
    top_tags: [],
    email_configured: true,
    topic_featured_link_allowed_category_ids: [],
    user_themes: [{ theme_id: 1, name: 'Default', default: true, color_scheme_id: null }],
    user_color_schemes: [],
    default_light_color_scheme: null,
    default_dark_color_scheme: null,
    censored_regexp: [],
    custom_emoji_translation: {},
    watched_words_replace: null,
    watched_words_link: null,
    ...(options.lazyCategories ? { lazy_load_categories: true } : { categories: visibleCategories(store, user).map((c) => categoryJson(store, c, user, true)) }),
    archetypes: [{ id: 'regular', name: 'Regular Topic', options: [] }],
    user_fields: [],
    auth_providers: [],
    full_name_required_for_signup: false,
    full_name_visible_in_signup: true,
  };
}

export function basicInfoJson(settings: { title: string; description: string; loginRequired: boolean }, baseUrl: string) {
  return {
    logo_url: `${baseUrl}/images/sandbox-logo.png`,
    logo_small_url: `${baseUrl}/images/sandbox-logo-small.png`,
    apple_touch_icon_url: `${baseUrl}/images/sandbox-touch-icon.png`,
    favicon_url: `${baseUrl}/images/sandbox-favicon.png`,
    title: settings.title,
    description: settings.description,
    header_primary_color: '222222',
    header_background_color: 'ffffff',
    login_required: settings.loginRequired,
    locale: 'en',
    include_in_discourse_discover: false,
    mobile_logo_url: '',
  };
}

export interface TopicState {
  /** undefined: no TopicUser row; null: a row that has read nothing. */
  lastRead: number | null | undefined;
  highest: number;
  unreadPosts: number;
  isNew: boolean;
}

export function topicState(store: Store, topic: Topic, user: User | null): TopicState {
  const highest = store.postsOf(topic.id).at(-1)?.postNumber ?? 0;
  const lastRead = user ? store.lastReadOf(user.id, topic.id) : undefined;
  return {
    lastRead,
    highest,
    // Unread#unread_posts: 0 while last_read_post_number is blank.
    unreadPosts: lastRead == null ? 0 : Math.max(0, highest - lastRead),
    isNew: !!user && lastRead == null,
  };
}

/** TopicPostersSummary: deleted accounts are compacted out, so no entry has a null user_id. */
function posters(store: Store, topic: Topic) {
  const posts = store.postsOf(topic.id);
  const ids = [...new Set([posts[0]?.userId, ...posts.slice(1).map((p) => p.userId).reverse()])]
    .filter((id): id is number => typeof id === 'number' && !!store.userById(id))
    .slice(0, 5);
  const last = posts.at(-1)?.userId;
  return ids.map((id, index) => ({
    extras: id === last ? 'latest' + (ids.length === 1 ? ' single' : '') : '',
    description: index === 0 ? 'Original Poster' : id === last ? 'Most Recent Poster' : 'Frequent Poster',
    user_id: id,
    primary_group_id: null,
  }));
}

/** The fields every topic-list row shares, whatever the list. */
function topicRowCore(store: Store, topic: Topic) {
  const posts = store.postsOf(topic.id);
  const last = posts.at(-1);
  return {
    posts,
    fields: {
      id: topic.id,
      title: topic.title,
      fancy_title: fancyTitle(topic.title),
      slug: topic.slug,
      posts_count: posts.length,
      reply_count: posts.filter((p) => p.replyToPostNumber !== null).length,
      highest_post_number: last?.postNumber ?? 0,
      created_at: topic.createdAt,
      last_posted_at: last?.createdAt ?? topic.createdAt,
      bumped: true,
      bumped_at: topic.bumpedAt,
      archetype: topic.archetype,
      pinned: topic.pinned,
      unpinned: null,
      visible: true,
      closed: topic.closed,
      archived: topic.archived,
      views: topic.views,
      like_count: topic.likeCount,
      has_summary: false,
      // TopicListItemSerializer: `.try(:username)` of the last poster, nil once that account is deleted.
      last_poster_username: last ? authorOf(store, last.userId)?.username ?? null : null,
      pinned_globally: false,
      featured_link: null,
      posters: posters(store, topic),
    },
  };
}

/** One row of `/latest.json` and friends (a loose schema: per-user fields and tags included). */
export function topicListItem(store: Store, topic: Topic, user: User | null, style: ListStyle = DEFAULT_STYLE) {
  const state = topicState(store, topic, user);
  const { posts, fields } = topicRowCore(store, topic);
  const level = user ? store.topicLevel(user.id, topic) : undefined;
  return {
    ...fields,
    unseen: state.isNew,
    // ListableTopicSerializer: these come with a TopicUser row (has_user_data), last_read_post_number nil if nothing is read.
    ...(state.lastRead !== undefined ? { last_read_post_number: state.lastRead, unread: 0, new_posts: state.unreadPosts, unread_posts: state.unreadPosts } : {}),
    notification_level: level ?? 1,
    bookmarked: false,
    liked: false,
    tags: tagsJson(store, topic.tags, style),
    tags_descriptions: {},
    category_id: topic.archetype === 'private_message' ? null : topic.categoryId,
    op_like_count: posts[0]?.likeCount ?? 0,
    ...(topic.archetype === 'private_message' ? { allowed_user_count: topic.allowedUserIds.length, participants: fields.posters } : {}),
    ...(store.malformedTopicIds.has(topic.id) ? { title: null } : {}),
  };
}

/** A row of `/c/{slug}/{id}.json`, whose schema allows exactly these fields. */
export function categoryListItem(store: Store, topic: Topic) {
  const { posts, fields } = topicRowCore(store, topic);
  return {
    ...fields,
    image_url: null,
    unseen: false,
    excerpt: excerpt(posts[0]?.raw ?? ''),
    bookmarked: null,
    liked: null,
    category_id: topic.categoryId,
  };
}

export function excerpt(raw: string, length = 200): string {
  const text = raw.replace(/\[quote[\s\S]*?\[\/quote\]/g, '').replace(/[*`#>]/g, '').replace(/\s+/g, ' ').trim();
  return escapeHtml(text.length > length ? `${text.slice(0, length)}…` : text);
}

/** Side-loaded posters; deleted accounts are not among them. */
function usersOf(store: Store, topics: Topic[]) {
  const ids = new Set<number>();
  for (const topic of topics) for (const p of posters(store, topic)) ids.add(p.user_id);
  return [...ids].map((id) => basicUser(store, store.userById(id)!));
}

export function topicListJson(store: Store, topics: Topic[], user: User | null, perPage: number, moreTopicsUrl: string | null, kind: 'list' | 'category', style: ListStyle = DEFAULT_STYLE) {
  return {
    users: usersOf(store, topics),
    primary_groups: [],
    topic_list: {
      can_create_topic: !!user,
      ...(kind === 'list' ? { draft: null, draft_key: 'new_topic', draft_sequence: 0 } : {}),
      per_page: perPage,
      ...(moreTopicsUrl ? { more_topics_url: moreTopicsUrl } : {}),
      topics: topics.map((t) => (kind === 'category' ? categoryListItem(store, t) : topicListItem(store, t, user, style))),
    },
  };
}

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
    reply_count: store.posts.filter((p) => p.topicId === post.topicId && p.replyToPostNumber === post.postNumber).length,
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

export function topicJson(store: Store, topic: Topic, user: User | null, page: number, style: ListStyle = DEFAULT_STYLE) {
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
        posters: posters(store, t).map((p) => ({ extras: p.extras, description: p.description, user: basicUser(store, store.userById(p.user_id)!) })),
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
    ...(user && store.lastReadOf(user.id, topic.id) ? { current_post_number: store.lastReadOf(user.id, topic.id) } : {}),
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

/** CurrentUserSerializer, the fields a client reads (FACTS.md §3); counters as User computes them (notifications.ts). */
export function currentUserJson(store: Store, user: User) {
  const counts = store.unreadCounts(user.id);
  return {
    current_user: {
      id: user.id,
      username: user.username,
      name: user.name,
      avatar_template: avatarTemplate(store.basePath, user),
      admin: user.admin,
      moderator: user.moderator,
      staff: user.admin || user.moderator,
      trust_level: user.trustLevel,
      title: user.title,
      unread_notifications: counts.regular,
      unread_high_priority_notifications: counts.highPriority,
      all_unread_notifications_count: counts.all,
      new_personal_messages_notifications_count: counts.newPersonalMessages,
      grouped_unread_notifications: counts.grouped,
      seen_notification_id: counts.seen,
      can_create_topic: true,
    },
  };
}

/** `GET /notifications/totals.json`: no root (FACTS.md §3). */
export function totalsJson(store: Store, user: User) {
  const counts = store.unreadCounts(user.id);
  const regularTopics = store.topics.filter((t) => t.archetype === 'regular' && store.canSee(user, t));
  const states = regularTopics.map((t) => topicState(store, t, user));
  return {
    username: user.username,
    // UserNotificationTotalSerializer: all_unread_notifications_count − new personal messages.
    unread_notifications: counts.totalsUnread,
    unread_personal_messages: counts.newPersonalMessages,
    ...(user.admin || user.moderator ? { unseen_reviewables: 0 } : {}),
    topic_tracking: { new: states.filter((s) => s.isNew).length, unread: states.filter((s) => s.unreadPosts > 0).length },
    group_inboxes: [],
  };
}
