import { DiscourseError, said } from '../discourse/errors';
import type { RemovableStorage } from '../discourse/ports';
import type { CategoryItem, TopicItem } from '../messages/protocol';
import { unreadPostsOf, type Category, type CategoryFields } from '../discourse/schemas';
import type { ForumRegistry } from './forumRegistry';
import { plainText, rawText } from '../discourse/text';
import { isRecord, storageItemPerId, type StorageItem } from './storageItem';

const HOUR = 3_600_000;

interface CachedCategories {
  at: number;
  items: CategoryItem[];
}

/** What the popup reads from a forum: topic lists, its categories (kept an hour), a post's raw text. */
export class ForumTopics {
  private readonly cachedCategories: (forumId: string) => StorageItem<CachedCategories | null>;

  constructor(
    private readonly registry: ForumRegistry,
    storage: RemovableStorage,
  ) {
    this.cachedCategories = storageItemPerId(storage, {
      area: 'local',
      prefix: 'categories:',
      parse: (stored) =>
        isRecord(stored) && typeof stored.at === 'number' && Array.isArray(stored.items)
          ? (stored as unknown as CachedCategories)
          : null,
    });
  }

  async categories(forumId: string): Promise<CategoryItem[]> {
    const cached = await this.cachedCategories(forumId).get();
    if (cached && Date.now() - cached.at < HOUR) return cached.items;
    const list = await this.registry.use(forumId, (client) => client.categories());
    const found = new Map<number, CategoryItem>();
    const add = (c: Category | CategoryFields, parentId: number | null) =>
      found.set(c.id, {
        id: c.id,
        name: c.name,
        slug: c.slug,
        color: c.color,
        parentId,
        // Discourse's own test (category.js canCreateTopic): permission is FULL, nothing less; a
        // reply without the field at all says nothing, so the category stays on offer.
        canCreateTopic: c.permission === undefined ? undefined : c.permission === 1,
      });
    for (const c of list.category_list.categories) {
      add(c, c.parent_category_id ?? null);
      for (const sub of c.subcategory_list ?? []) add(sub, c.id);
    }
    // Each category right after its parent, whether the forum nested it or listed it flat with parent_category_id.
    const all = [...found.values()];
    const withChildren = (c: CategoryItem): CategoryItem[] => [
      c,
      ...all.filter((child) => child.parentId === c.id).flatMap(withChildren),
    ];
    const items = all.filter((c) => c.parentId === null || !found.has(c.parentId)).flatMap(withChildren);
    await this.cachedCategories(forumId).set({ at: Date.now(), items });
    return items;
  }

  async forget(forumId: string): Promise<void> {
    await this.cachedCategories(forumId).remove();
  }

  async topics(
    forumId: string,
    filter: 'latest' | 'new' | 'unread',
    categoryId?: number,
    page = 0,
  ): Promise<{ topics: TopicItem[]; categories: CategoryItem[]; more: boolean; skipped: number }> {
    const forum = await this.registry.connected(forumId);
    const categories = await this.categories(forumId).catch(() => [] as CategoryItem[]);
    // The list URL needs the slug: taken from the categories already cached, not fetched again.
    const found = categories.find((c) => c.id === categoryId);
    const category = categoryId !== undefined ? { slug: found?.slug ?? 'c', id: categoryId } : undefined;
    const list = await this.registry.use(forumId, (client) =>
      client.topics(filter, { page, ...(category ? { category } : {}) }),
    );
    return {
      categories,
      more: !!list.topic_list.more_topics_url,
      skipped: list.skipped.length,
      topics: list.topic_list.topics.map((t) => ({
        id: t.id,
        title: plainText(t.fancy_title) || rawText(t.title),
        categoryId: t.category_id ?? null,
        tags: t.tags ?? [],
        postsCount: t.posts_count,
        unreadPosts: unreadPostsOf(t),
        isNew: t.unseen ?? false,
        lastPostedAt: t.last_posted_at ?? null,
        lastPoster: t.last_poster_username ?? '',
        // Discourse's own lastUnreadUrl (topic.js): the post after the last one read, the first unread.
        url: `${forum.baseUrl}/t/${t.slug}/${t.id}${t.last_read_post_number ? `/${t.last_read_post_number + 1}` : ''}`,
      })),
    };
  }

  async postRaw(
    forumId: string,
    where: { postId?: number; topicId?: number; postNumber?: number },
  ): Promise<{
    postId: number;
    raw: string;
    topicId: number;
    postNumber: number;
    topicTitle: string;
    username: string;
    /** post_type 4 (Post.types[:whisper]): staff-only text. */
    whisper: boolean;
  }> {
    let postId = where.postId;
    let topicTitle = '';
    if (postId === undefined && where.topicId !== undefined) {
      const topic = await this.registry.use(forumId, (client) => client.topic(where.topicId!));
      topicTitle = plainText(topic.fancy_title) || rawText(topic.title);
      const number = where.postNumber ?? 1;
      postId =
        topic.post_stream.posts.find((p) => p.post_number === number)?.id ?? topic.post_stream.stream?.[number - 1];
    }
    if (postId === undefined) throw new DiscourseError('NotFound', said('errorPostNotFound'));
    const post = await this.registry.use(forumId, (client) => client.post(postId!, { fresh: true }));
    // The raw text is the point here: a reply without it is not an empty post.
    if (typeof post.raw !== 'string') throw new DiscourseError('BadResponse', said('errorNoPostText'));
    return {
      postId: post.id,
      raw: post.raw,
      topicId: post.topic_id,
      postNumber: post.post_number,
      topicTitle: rawText(post.topic_title) || topicTitle,
      username: post.username ?? '',
      whisper: post.post_type === 4,
    };
  }

  /** The forum asked about, refused when it is not connected (any more). */
}
