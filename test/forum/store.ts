import { createHash, randomBytes } from 'node:crypto';
import { bellCounts, buildNotification, notificationJson, notificationState, notificationTypes } from './notifications';

export { notificationTypes };

/** The forum's data, in memory. Methods here keep it consistent the way Discourse's models do. */

export interface User {
  id: number;
  username: string;
  name: string;
  password: string;
  admin: boolean;
  moderator: boolean;
  trustLevel: number;
  createdAt: string;
  title: string | null;
  bio: string;
  suspended: boolean;
}

export interface Category {
  id: number;
  name: string;
  slug: string;
  color: string;
  textColor: string;
  description: string;
  parentCategoryId: number | null;
  position: number;
  readRestricted: boolean;
}

export interface Topic {
  id: number;
  title: string;
  slug: string;
  categoryId: number;
  /** null once the creator's account is deleted (UserDestroyer nulls it). */
  userId: number | null;
  createdAt: string;
  bumpedAt: string;
  archetype: 'regular' | 'private_message';
  /** Private messages: who may see it. */
  allowedUserIds: number[];
  tags: string[];
  views: number;
  closed: boolean;
  archived: boolean;
  pinned: boolean;
  likeCount: number;
}

export interface Post {
  id: number;
  topicId: number;
  postNumber: number;
  /** null once the author's account is deleted: the post stays (UserDestroyer). */
  userId: number | null;
  raw: string;
  cooked: string;
  createdAt: string;
  updatedAt: string;
  replyToPostNumber: number | null;
  version: number;
  editReason: string | null;
  likeCount: number;
}

export interface Notification {
  id: number;
  userId: number;
  notificationType: number;
  read: boolean;
  highPriority: boolean;
  createdAt: string;
  topicId: number | null;
  postNumber: number | null;
  data: Record<string, unknown>;
}

export interface UserApiKey {
  id: number;
  /** SHA-256 of the key: like Discourse, the key itself is not stored. */
  keyHash: string;
  userId: number;
  clientId: string;
  applicationName: string;
  scopes: string[];
  push: boolean;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface AdminApiKey {
  key: string;
  /** null: an "all users" key that may act as anyone named in Api-Username. */
  userId: number | null;
  description: string;
  revokedAt: string | null;
}

export interface Session {
  token: string;
  userId: number;
  csrf: string;
}

/** A device-authorization grant (FACTS.md §1.9). */
export interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  requestToken: string;
  nonce: string;
  scopes: string[];
  clientId: string;
  applicationName: string;
  publicKey: string;
  padding: 'pkcs1' | 'oaep';
  pushUrl: string | null;
  expiresInSeconds: number | null;
  /** Forum clock, ms. */
  expiresAt: number;
  state: 'pending' | 'authorized' | 'denied' | 'consumed';
  payload: string | null;
  payloadExpiresAt: number | null;
  approvalTokens: Set<string>;
}

export interface MessageBusMessage {
  globalId: number;
  messageId: number;
  channel: string;
  data: unknown;
}

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

/** A tiny Markdown subset, escaped first: enough for realistic cooked HTML in tests and screenshots. */
export function cook(raw: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const blocks: string[] = [];
  const quote = /\[quote="([^",\]]+)(?:, post:(\d+), topic:(\d+))?[^\]]*"?\]\s*([\s\S]*?)\s*\[\/quote\]/g;
  let rest = raw.replace(quote, (_m, user: string, post?: string, topic?: string, body = '') => {
    const attrs = post && topic ? ` data-post="${post}" data-topic="${topic}"` : '';
    blocks.push(
      `<aside class="quote no-group" data-username="${escape(user)}"${attrs}><div class="title">${escape(user)}:</div><blockquote><p>${escape(body)}</p></blockquote></aside>`,
    );
    return `\u0000${blocks.length - 1}\u0000`;
  });
  rest = rest.replace(/```\n?([\s\S]*?)```/g, (_m, code: string) => {
    blocks.push(`<pre><code>${escape(code.replace(/\n$/, ''))}</code></pre>`);
    return `\u0000${blocks.length - 1}\u0000`;
  });
  const inline = (text: string) =>
    escape(text)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/\*([^*]+)\*/g, '<em>$1</em>')
      .replace(/@([A-Za-z0-9_.-]+)/g, '<a class="mention" href="/u/$1">@$1</a>');
  return rest
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => {
      const block = /^\u0000(\d+)\u0000$/.exec(paragraph);
      if (block) return blocks[Number(block[1])]!;
      return `<p>${paragraph
        .split(/(\u0000\d+\u0000)/)
        .map((part) => {
          const ref = /^\u0000(\d+)\u0000$/.exec(part);
          return ref ? blocks[Number(ref[1])]! : inline(part).replace(/\n/g, '<br>\n');
        })
        .join('')}</p>`;
    })
    .join('\n');
}

export function mentionedUsernames(raw: string): string[] {
  const withoutQuotes = raw.replace(/\[quote[\s\S]*?\[\/quote\]/g, '').replace(/```[\s\S]*?```/g, '');
  return [...new Set([...withoutQuotes.matchAll(/(?:^|[^\w@])@([A-Za-z0-9_.-]+)/g)].map((m) => m[1]!.toLowerCase()))];
}

export class Store {
  users: User[] = [];
  categories: Category[] = [];
  topics: Topic[] = [];
  posts: Post[] = [];
  notifications: Notification[] = [];
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
  messageBus: MessageBusMessage[] = [];
  /** The forum's subfolder ('' at the root), for URLs the serializers build. */
  basePath = '';
  private tagIds = new Map<string, number>();
  private ids = { user: 0, category: 0, topic: 0, post: 0, notification: 0, userApiKey: 0, bus: 0 };

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
      allowedUserIds: input.archetype === 'private_message' ? [input.user.id, ...(input.recipients ?? []).map((u) => u.id)] : [],
      tags: input.tags ?? [],
      views: 1,
      closed: false,
      archived: false,
      pinned: false,
      likeCount: 0,
    };
    this.topics.push(topic);
    for (const tag of topic.tags) this.tagId(tag);
    for (const [userId, watched] of this.watchedCategories) if (watched.has(topic.categoryId)) this.trackTopic(userId, topic.id);
    const post = this.createPost({ user: input.user, topic, raw: input.raw, at });
    if (topic.archetype === 'private_message') {
      for (const recipient of input.recipients ?? []) {
        this.notify(recipient.id, 'private_message', topic, post, input.user, {}, at);
      }
    }
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
    if (post.postNumber > 1) this.alert(post, input.topic, input.user);
    return post;
  }

  private alert(post: Post, topic: Topic, author: User): void {
    const notified = new Set<number>([author.id]);
    const once = (userId: number, type: string) => {
      if (notified.has(userId)) return;
      notified.add(userId);
      const target = this.userById(userId);
      if (target && this.canSee(target, topic)) this.notify(userId, type, topic, post, author, {}, Date.parse(post.createdAt));
    };
    for (const username of mentionedUsernames(post.raw)) {
      const user = this.userByName(username);
      if (user) once(user.id, 'mentioned');
    }
    for (const match of post.raw.matchAll(/\[quote="([^",\]]+)/g)) {
      const user = this.userByName(match[1]!);
      if (user) once(user.id, 'quoted');
    }
    if (post.replyToPostNumber) {
      const parent = this.postsOf(topic.id).find((p) => p.postNumber === post.replyToPostNumber);
      if (parent?.userId) once(parent.userId, topic.archetype === 'private_message' ? 'private_message' : 'replied');
    }
    if (topic.archetype === 'private_message') {
      for (const userId of topic.allowedUserIds) once(userId, 'private_message');
    } else {
      // The topic's creator watches it by default.
      if (topic.userId !== null) once(topic.userId, 'posted');
    }
  }

  /** A notification as its creator in Discourse would write it (notifications.ts), then the bell update. */
  notify(userId: number, type: string, topic: Topic | null, post: Post | null, actor: User | null, data: Record<string, unknown> = {}, at = this.now()): Notification {
    const notification = buildNotification(this, this.ids.notification + 1, { userId, type, topic, post, actor, data, createdAt: this.iso(at) });
    this.ids.notification++;
    this.notifications.push(notification);
    this.publishNotificationState(userId, notification, topic, post, actor);
    return notification;
  }

  /** A notification with exactly these fields (an admin's POST /notifications), then the bell update. */
  addNotification(fields: Omit<Notification, 'id'>): Notification {
    const notification = { ...fields, id: ++this.ids.notification };
    this.notifications.push(notification);
    this.publishNotificationState(fields.userId, notification);
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

  publishNotificationState(userId: number, last: Notification | null, topic?: Topic | null, post?: Post | null, actor?: User | null): void {
    this.publish(`/notification/${userId}`, notificationState(this, userId));
    const alertTypes = ['mentioned', 'replied', 'quoted', 'posted', 'linked', 'private_message', 'group_mentioned', 'watching_first_post'];
    if (last && last.topicId && topic && post && actor && alertTypes.some((name) => notificationTypes[name] === last.notificationType)) {
      this.publish(`/notification-alert/${userId}`, {
        notification_type: last.notificationType,
        post_number: post.postNumber,
        topic_title: topic.title,
        topic_id: topic.id,
        excerpt: post.raw.slice(0, 400),
        username: actor.username,
        post_url: `/t/${topic.slug}/${topic.id}/${post.postNumber}`,
      });
    }
  }

  notificationJson(n: Notification) {
    return notificationJson(this, n);
  }

  publish(channel: string, data: unknown): void {
    const messageId = this.messageBus.filter((m) => m.channel === channel).length + 1;
    this.messageBus.push({ globalId: ++this.ids.bus, messageId, channel, data });
    for (const listener of this.busListeners) listener();
  }
  busListeners = new Set<() => void>();

  // --- keys
  addUserApiKey(fields: Omit<UserApiKey, 'id' | 'keyHash' | 'createdAt' | 'revokedAt' | 'lastUsedAt'>): { key: string; record: UserApiKey } {
    const key = randomBytes(16).toString('hex');
    // One key per (user, client): older ones are destroyed (FACTS.md §1.3).
    this.userApiKeys = this.userApiKeys.filter((k) => !(k.userId === fields.userId && k.clientId === fields.clientId));
    const record: UserApiKey = { id: ++this.ids.userApiKey, keyHash: hashKey(key), createdAt: this.iso(), revokedAt: null, lastUsedAt: null, ...fields };
    this.userApiKeys.push(record);
    return { key, record };
  }
  findUserApiKey(key: string): UserApiKey | undefined {
    const hash = hashKey(key);
    return this.userApiKeys.find((k) => k.keyHash === hash);
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
