import { createHash, randomBytes } from 'node:crypto';
import { MessageBus } from './bus';
import { cook } from './cooking';
import { bellCounts, buildNotification, notificationJson } from './notifications';
import { alertMessageRecipients, alertReply, publishNotificationState } from './postAlerter';
import type {
  AdminApiKey,
  Category,
  DeviceGrant,
  Notification,
  PendingPost,
  Post,
  Session,
  Topic,
  User,
  UserApiKey,
} from './records';

/** The forum's data, in memory. Methods here keep it consistent the way Discourse's models do. */

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug || 'topic'; // Discourse uses "topic" when a title has no ASCII slug
}

export class Store {
  users: User[] = [];
  categories: Category[] = [];
  topics: Topic[] = [];
  posts: Post[] = [];
  notifications: Notification[] = [];
  /** The review queue's held posts. */
  pendingPosts: PendingPost[] = [];
  userApiKeys: UserApiKey[] = [];
  adminApiKeys: AdminApiKey[] = [];
  sessions = new Map<string, Session>();
  deviceGrants: DeviceGrant[] = [];
  /**
   * TopicUser rows: user id → topic id → highest post number read, or null for a row with
   * nothing read yet (a topic in a watched category, a tracked "new" topic).
   */
  lastRead = new Map<number, Map<number, number | null>>();
  /** CategoryUser rows at "watching": user id → category ids. */
  watchedCategories = new Map<number, Set<number>>();
  /** user id → the highest notification id the user has seen in the menu */
  seenNotificationId = new Map<number, number>();
  /** Topics whose list rows come out broken (a plugin serializer gone wrong): `title` null. */
  malformedTopicIds = new Set<number>();
  bus = new MessageBus();
  /** The forum's subfolder ('' at the root), for URLs the serializers build. */
  basePath = '';
  private tagIds = new Map<string, number>();
  private ids = { user: 0, category: 0, topic: 0, post: 0, notification: 0, userApiKey: 0 };

  constructor(readonly now: () => number) {}

  iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  // --- users
  addUser(fields: Partial<User> & Pick<User, 'username'>): User {
    const user: User = {
      id: ++this.ids.user,
      name: fields.username,
      password: `${fields.username}-password`,
      admin: false,
      moderator: false,
      trustLevel: 1,
      createdAt: this.iso(),
      title: null,
      bio: '',
      suspended: false,
      ...fields,
    };
    this.users.push(user);
    return user;
  }
  userById(id: number): User | undefined {
    return this.users.find((u) => u.id === id);
  }
  userByName(username: string): User | undefined {
    const lower = username.toLowerCase();
    return this.users.find((u) => u.username.toLowerCase() === lower);
  }

  /**
   * UserDestroyer without delete_posts: the account goes, its posts stay with user_id nil, and
   * everything that belonged to it (notifications, keys, sessions, topic rows) goes with it.
   */
  deleteUser(username: string): boolean {
    const user = this.userByName(username);
    if (!user) return false;
    this.users = this.users.filter((u) => u !== user);
    for (const post of this.posts) if (post.userId === user.id) post.userId = null;
    for (const topic of this.topics) {
      if (topic.userId === user.id) topic.userId = null;
      topic.allowedUserIds = topic.allowedUserIds.filter((id) => id !== user.id);
    }
    this.notifications = this.notifications.filter((n) => n.userId !== user.id);
    this.userApiKeys = this.userApiKeys.filter((k) => k.userId !== user.id);
    for (const [token, session] of this.sessions) if (session.userId === user.id) this.sessions.delete(token);
    this.lastRead.delete(user.id);
    this.watchedCategories.delete(user.id);
    this.seenNotificationId.delete(user.id);
    return true;
  }

  // --- categories
  addCategory(fields: Partial<Category> & Pick<Category, 'name'>): Category {
    const category: Category = {
      id: ++this.ids.category,
      slug: slugify(fields.name),
      color: '0088CC',
      textColor: 'FFFFFF',
      description: '',
      parentCategoryId: null,
      position: this.categories.length,
      readRestricted: false,
      everyone: 1,
      requireApproval: false,
      ...fields,
    };
    this.categories.push(category);
    return category;
  }
  categoryById(id: number): Category | undefined {
    return this.categories.find((c) => c.id === id);
  }

  /** CategoryUser.auto_watch: a watching row on every topic of the category, unread ones with nothing read. */
  watchCategory(userId: number, categoryId: number): void {
    const watched = this.watchedCategories.get(userId) ?? new Set<number>();
    watched.add(categoryId);
    this.watchedCategories.set(userId, watched);
    for (const topic of this.topics) if (topic.categoryId === categoryId) this.trackTopic(userId, topic.id);
  }
  /** A TopicUser row that has read nothing yet (last_read_post_number nil); an existing row is kept. */
  trackTopic(userId: number, topicId: number): void {
    const byTopic = this.lastRead.get(userId) ?? new Map<number, number | null>();
    if (!byTopic.has(topicId)) byTopic.set(topicId, null);
    this.lastRead.set(userId, byTopic);
  }
  /** The notification level a row carries in lists: watching for watched categories, tracking otherwise. */
  topicLevel(userId: number, topic: Topic): number | undefined {
    if (!this.lastRead.get(userId)?.has(topic.id)) return undefined;
    return this.watchedCategories.get(userId)?.has(topic.categoryId) ? 3 : 2;
  }

  /** Tag ids in order of first use, as the tags table would number them. */
  tagId(name: string): number {
    if (!this.tagIds.has(name)) this.tagIds.set(name, this.tagIds.size + 1);
    return this.tagIds.get(name)!;
  }

  /** NewPostManager#enqueue: the post waits for a moderator; the answer counts the user's waiting posts. */
  enqueuePost(fields: Omit<PendingPost, 'id' | 'createdAt'>): { pending: PendingPost; count: number } {
    const pending: PendingPost = { id: this.pendingPosts.length + 1, createdAt: this.iso(), ...fields };
    this.pendingPosts.push(pending);
    return { pending, count: this.pendingPosts.filter((p) => p.userId === fields.userId).length };
  }

  /** Guardian#can_create_topic_on_category?: a `full` permission (Category.topic_create_allowed); admins everywhere. */
  canCreateTopicIn(user: User | null, category: Category): boolean {
    return !!user && (user.admin || user.moderator || category.everyone === 1);
  }

  // --- topics and posts
  canSee(user: User | null, topic: Topic): boolean {
    if (topic.archetype === 'private_message') return !!user && (topic.allowedUserIds.includes(user.id) || user.admin);
    const category = this.categoryById(topic.categoryId);
    return !category?.readRestricted || !!user?.admin || !!user?.moderator;
  }
  topicById(id: number): Topic | undefined {
    return this.topics.find((t) => t.id === id);
  }
  postsOf(topicId: number): Post[] {
    return this.posts.filter((p) => p.topicId === topicId).sort((a, b) => a.postNumber - b.postNumber);
  }
  postById(id: number): Post | undefined {
    return this.posts.find((p) => p.id === id);
  }

  createTopic(input: {
    user: User;
    title: string;
    raw: string;
    categoryId: number;
    tags?: string[];
    archetype?: 'regular' | 'private_message';
    recipients?: User[];
    at?: number;
  }): { topic: Topic; post: Post } {
    const at = input.at ?? this.now();
    const topic: Topic = {
      id: ++this.ids.topic,
      title: input.title,
      slug: slugify(input.title),
      categoryId: input.archetype === 'private_message' ? 0 : input.categoryId,
      userId: input.user.id,
      createdAt: this.iso(at),
      bumpedAt: this.iso(at),
      archetype: input.archetype ?? 'regular',
      allowedUserIds:
        input.archetype === 'private_message' ? [input.user.id, ...(input.recipients ?? []).map((u) => u.id)] : [],
      tags: input.tags ?? [],
      views: 1,
      closed: false,
      archived: false,
      pinned: false,
      likeCount: 0,
    };
    this.topics.push(topic);
    for (const tag of topic.tags) this.tagId(tag);
    for (const [userId, watched] of this.watchedCategories)
      if (watched.has(topic.categoryId)) this.trackTopic(userId, topic.id);
    const post = this.createPost({ user: input.user, topic, raw: input.raw, at });
    if (topic.archetype === 'private_message')
      alertMessageRecipients(this, topic, post, input.user, input.recipients ?? [], at);
    return { topic, post };
  }

  /** Adds a post and the notifications Discourse's PostAlerter would create for it. */
  createPost(input: { user: User; topic: Topic; raw: string; replyToPostNumber?: number | null; at?: number }): Post {
    const at = input.at ?? this.now();
    const existing = this.postsOf(input.topic.id);
    const post: Post = {
      id: ++this.ids.post,
      topicId: input.topic.id,
      postNumber: (existing.at(-1)?.postNumber ?? 0) + 1,
      userId: input.user.id,
      raw: input.raw,
      cooked: cook(input.raw),
      createdAt: this.iso(at),
      updatedAt: this.iso(at),
      replyToPostNumber: input.replyToPostNumber ?? null,
      version: 1,
      editReason: null,
      likeCount: 0,
    };
    this.posts.push(post);
    input.topic.bumpedAt = post.createdAt;
    this.markRead(input.user.id, input.topic.id, post.postNumber);
    if (post.postNumber > 1) alertReply(this, post, input.topic, input.user);
    return post;
  }

  /** A notification as its creator in Discourse would write it (notifications.ts), then the bell update. */
  notify(
    userId: number,
    type: string,
    topic: Topic | null,
    post: Post | null,
    actor: User | null,
    data: Record<string, unknown> = {},
    at = this.now(),
  ): Notification {
    const notification = buildNotification(this, this.ids.notification + 1, {
      userId,
      type,
      topic,
      post,
      actor,
      data,
      createdAt: this.iso(at),
    });
    this.ids.notification++;
    this.notifications.push(notification);
    publishNotificationState(this, userId, notification, topic, post, actor);
    return notification;
  }

  /** A notification with exactly these fields (an admin's POST /notifications), then the bell update. */
  addNotification(fields: Omit<Notification, 'id'>): Notification {
    const notification = { ...fields, id: ++this.ids.notification };
    this.notifications.push(notification);
    publishNotificationState(this, fields.userId, notification);
    return notification;
  }

  markRead(userId: number, topicId: number, postNumber: number): void {
    const byTopic = this.lastRead.get(userId) ?? new Map<number, number | null>();
    byTopic.set(topicId, Math.max(byTopic.get(topicId) ?? 0, postNumber));
    this.lastRead.set(userId, byTopic);
  }
  /** undefined: no row; null: a row with nothing read. */
  lastReadOf(userId: number, topicId: number): number | null | undefined {
    return this.lastRead.get(userId)?.get(topicId);
  }

  // --- notifications state (notifications.ts)
  unreadCounts(userId: number) {
    return bellCounts(this, userId);
  }

  notificationJson(n: Notification) {
    return notificationJson(this, n);
  }

  // --- keys
  addUserApiKey(fields: Omit<UserApiKey, 'id' | 'keyHash' | 'createdAt' | 'revokedAt' | 'lastUsedAt'>): {
    key: string;
    record: UserApiKey;
  } {
    const key = randomBytes(16).toString('hex');
    // One key per (user, client): older ones are destroyed (FACTS.md §1.3).
    this.userApiKeys = this.userApiKeys.filter((k) => !(k.userId === fields.userId && k.clientId === fields.clientId));
    const record: UserApiKey = {
      id: ++this.ids.userApiKey,
      keyHash: hashKey(key),
      createdAt: this.iso(),
      revokedAt: null,
      lastUsedAt: null,
      ...fields,
    };
    this.userApiKeys.push(record);
    return { key, record };
  }
  findUserApiKey(key: string): UserApiKey | undefined {
    const hash = hashKey(key);
    return this.userApiKeys.find((k) => k.keyHash === hash);
  }
}
