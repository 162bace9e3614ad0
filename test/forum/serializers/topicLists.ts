/** Topic lists (`/latest.json`, `/c/…json`) and the per-user topic state their rows carry (field for field as openapi.json lists it; where it and FACTS.md disagree on a type, see openapiErrata.ts). */
import { escapeHtml } from '../cooking';
import { fancyTitle } from '../fancyTitle';
import type { Topic, User } from '../records';
import type { Store } from '../store';
import { authorOf, basicUser } from './users';

/** How this forum's TopicTagsMixin sends tags: names until 2025, {id, name, slug} since. */
export interface ListStyle {
  tagObjects: boolean;
}
export const DEFAULT_STYLE: ListStyle = { tagObjects: true };

export function tagsJson(store: Store, tags: string[], style: ListStyle) {
  return style.tagObjects ? tags.map((name) => ({ id: store.tagId(name), name, slug: name })) : tags;
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
export function posters(store: Store, topic: Topic) {
  const posts = store.postsOf(topic.id);
  const ids = [
    ...new Set([
      posts[0]?.userId,
      ...posts
        .slice(1)
        .map((p) => p.userId)
        .reverse(),
    ]),
  ]
    .filter((id): id is number => typeof id === 'number' && !!store.userById(id))
    .slice(0, 5);
  const last = posts.at(-1)?.userId;
  return ids.map((id, index) => ({
    extras: id === last ? `latest${ids.length === 1 ? ' single' : ''}` : '',
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
      last_poster_username: last ? (authorOf(store, last.userId)?.username ?? null) : null,
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
    ...(state.lastRead !== undefined
      ? {
          last_read_post_number: state.lastRead,
          unread: 0,
          new_posts: state.unreadPosts,
          unread_posts: state.unreadPosts,
        }
      : {}),
    notification_level: level ?? 1,
    bookmarked: false,
    liked: false,
    tags: tagsJson(store, topic.tags, style),
    tags_descriptions: {},
    category_id: topic.archetype === 'private_message' ? null : topic.categoryId,
    op_like_count: posts[0]?.likeCount ?? 0,
    ...(topic.archetype === 'private_message'
      ? { allowed_user_count: topic.allowedUserIds.length, participants: fields.posters }
      : {}),
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
  const text = raw
    .replace(/\[quote[\s\S]*?\[\/quote\]/g, '')
    .replace(/[*`#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return escapeHtml(text.length > length ? `${text.slice(0, length)}…` : text);
}

/** Side-loaded posters; deleted accounts are not among them. */
function usersOf(store: Store, topics: Topic[]) {
  const ids = new Set<number>();
  for (const topic of topics) for (const p of posters(store, topic)) ids.add(p.user_id);
  return [...ids].map((id) => basicUser(store, store.userById(id)!));
}

export function topicListJson(
  store: Store,
  topics: Topic[],
  user: User | null,
  perPage: number,
  moreTopicsUrl: string | null,
  kind: 'list' | 'category',
  style: ListStyle = DEFAULT_STYLE,
) {
  return {
    users: usersOf(store, topics),
    primary_groups: [],
    topic_list: {
      can_create_topic: !!user,
      ...(kind === 'list' ? { draft: null, draft_key: 'new_topic', draft_sequence: 0 } : {}),
      per_page: perPage,
      ...(moreTopicsUrl ? { more_topics_url: moreTopicsUrl } : {}),
      topics: topics.map((t) =>
        kind === 'category' ? categoryListItem(store, t) : topicListItem(store, t, user, style),
      ),
    },
  };
}
