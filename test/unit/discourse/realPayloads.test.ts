import { describe, expect, it } from 'vitest';
import { responseSchemas, unreadPostsOf } from '../../../src/discourse/schemas';

// Shapes real Discourse sends and a sandbox written by the same team would not: each case names
// the serializer that produces it (docs/serializers.md has the lines read).

const topicRow = {
  id: 10,
  title: 'Don’t panic',
  fancy_title: 'Don&rsquo;t panic',
  slug: 'dont-panic',
  posts_count: 2,
  highest_post_number: 2,
  created_at: '2026-11-01T10:00:00Z',
};
const post = {
  id: 1,
  post_number: 1,
  topic_id: 10,
  username: 'priya',
  name: 'Priya',
  avatar_template: '/a/{size}.png',
  created_at: '2026-11-01T10:00:00Z',
  cooked: '<p>Hi</p>',
};

describe('topic lists (TopicListItemSerializer < ListableTopicSerializer)', () => {
  it('reads null last_read_post_number (a topic-user row with nothing read), null last_poster_username, null posters[].user_id and null parent data', () => {
    const reply = responseSchemas['GET /latest.json'].parse({
      users: [{ id: 1, username: 'priya', name: null, avatar_template: '/a/{size}.png' }],
      topic_list: {
        more_topics_url: null,
        topics: [
          {
            ...topicRow,
            last_read_post_number: null,
            unread_posts: 0,
            new_posts: 2,
            last_poster_username: null,
            category_id: null,
            posters: [{ user_id: null, description: 'Original Poster', extras: null }],
            tags: [],
          },
        ],
      },
    });
    expect(reply.topic_list.topics).toHaveLength(1);
    expect(reply.topic_list.topics[0]).toMatchObject({ last_read_post_number: null, last_poster_username: null });
    expect(reply.skipped).toEqual([]);
  });
  it('counts unread posts on a forum older than unread_posts (unread + new_posts), and never twice on a newer one', () => {
    const parse = (row: Record<string, unknown>) =>
      unreadPostsOf(
        responseSchemas['GET /latest.json'].parse({ topic_list: { topics: [{ ...topicRow, ...row }] } }).topic_list
          .topics[0]!,
      );
    expect(parse({ last_read_post_number: 3, unread: 2, new_posts: 4 })).toBe(6);
    // Where unread_posts is sent it is the count, whatever else comes along.
    expect(parse({ last_read_post_number: 3, unread: 5, new_posts: 5, unread_posts: 5 })).toBe(5);
    expect(parse({})).toBe(0);
  });

  it('reads tags as names (older forums) and as {id, name, slug} (newer)', () => {
    const reply = responseSchemas['GET /latest.json'].parse({
      topic_list: {
        topics: [
          { ...topicRow, tags: ['howto'] },
          { ...topicRow, id: 11, tags: [{ id: 1, name: 'faq', slug: 'faq' }] },
        ],
      },
    });
    expect(reply.topic_list.topics.map((t) => t.tags)).toEqual([['howto'], ['faq']]);
  });
  it('one malformed topic is left out and counted; the list still arrives', () => {
    const reply = responseSchemas['GET /latest.json'].parse({
      topic_list: { topics: [topicRow, { ...topicRow, id: 'x' }, { ...topicRow, id: 12 }] },
    });
    expect(reply.topic_list.topics.map((t) => t.id)).toEqual([10, 12]);
    expect(reply.skipped.map((s) => s.path)).toEqual(['topic_list.topics.1.id']);
  });
  it('an optional field of an unexpected type reads as absent instead of failing the row', () => {
    const reply = responseSchemas['GET /latest.json'].parse({
      topic_list: { topics: [{ ...topicRow, views: 'many', pinned: 'yes', bumped_at: 5 }] },
    });
    expect(reply.topic_list.topics[0]).toMatchObject({ id: 10, views: undefined, pinned: undefined, bumped_at: null });
  });
});

describe('posts (BasicPostSerializer / PostSerializer)', () => {
  it('a deleted user’s post keeps its place with null username, name and avatar_template', () => {
    const topic = responseSchemas['GET /t/{id}.json'].parse({
      ...topicRow,
      post_stream: {
        posts: [
          post,
          {
            ...post,
            id: 2,
            post_number: 2,
            username: null,
            name: null,
            avatar_template: null,
            user_id: null,
            user_deleted: false,
          },
        ],
        stream: [1, 2],
      },
    });
    expect(topic.post_stream.posts.map((p) => p.username)).toEqual(['priya', null]);
    expect(topic.skipped).toEqual([]);
  });
  it('a single post with null topic_slug and topic_title still reads', () => {
    expect(
      responseSchemas['GET /posts/{id}.json'].parse({
        ...post,
        raw: 'Hi',
        topic_slug: null,
        topic_title: null,
        username: null,
      }),
    ).toMatchObject({ raw: 'Hi', username: null });
  });
});

describe('categories and the site', () => {
  it('/site.json without categories (lazy-loaded categories: SiteSerializer#include_categories?) still gives notification types', () => {
    const site = responseSchemas['GET /site.json'].parse({ notification_types: { mentioned: 1 } });
    expect(site.categories).toBeUndefined();
    expect(site.notification_types.mentioned).toBe(1);
  });
  it('categories with null parent_category_id and description_text', () => {
    const list = responseSchemas['GET /categories.json'].parse({
      category_list: {
        categories: [
          {
            id: 1,
            name: 'General',
            slug: 'general',
            color: 'fff',
            text_color: '000',
            topic_count: 3,
            read_restricted: false,
            description_text: null,
            parent_category_id: null,
          },
        ],
      },
    });
    expect(list.category_list.categories[0]).toMatchObject({ parent_category_id: null, description_text: null });
  });
  it('/site/basic-info.json with logos cleared by an admin (null)', () => {
    expect(
      responseSchemas['GET /site/basic-info.json'].parse({
        title: 'Forum',
        logo_url: null,
        logo_small_url: null,
        favicon_url: null,
        description: null,
      }),
    ).toMatchObject({ title: 'Forum', logo_url: null });
  });
});

describe('notifications (NotificationSerializer)', () => {
  const n = {
    id: 1,
    notification_type: 12,
    read: false,
    created_at: '2026-11-01T10:00:00Z',
    data: { badge_id: 3, badge_name: 'First Like' },
  };
  it('reads a notification without a topic: fancy_title absent or null, slug null', () => {
    const reply = responseSchemas['GET /notifications.json'].parse({
      notifications: [n, { ...n, id: 2, fancy_title: null, slug: null, topic_id: null, post_number: null }],
      seen_notification_id: 1,
    });
    expect(reply.notifications).toHaveLength(2);
    expect(reply.skipped).toEqual([]);
  });
  it('a recent=true reply has no total_rows_notifications nor load_more_notifications', () => {
    expect(
      responseSchemas['GET /notifications.json'].parse({ notifications: [n], seen_notification_id: 0 })
        .total_rows_notifications,
    ).toBeUndefined();
  });
  it('one broken notification does not take the others down', () => {
    const reply = responseSchemas['GET /notifications.json'].parse({
      notifications: [n, { id: 2, notification_type: 'weird' }, { ...n, id: 3, data: null }],
    });
    expect(reply.notifications.map((x) => x.id)).toEqual([1, 3]);
    expect(reply.notifications[1]!.data).toEqual({});
    expect(reply.skipped.map((s) => s.path)).toEqual(['notifications.1.notification_type']);
  });
  it('totals without unread_personal_messages (not in a PM-enabled group) or topic_tracking', () => {
    expect(responseSchemas['GET /notifications/totals.json'].parse({ unread_notifications: 2 })).toMatchObject({
      unread_notifications: 2,
    });
  });
});
