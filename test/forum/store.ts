import { createHash, randomBytes } from 'node:crypto';

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
  userId: number;
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
  userId: number;
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

/** Notification.types (FACTS.md §3.1). */
export const notificationTypes: Record<string, number> = {
  mentioned: 1, replied: 2, quoted: 3, edited: 4, liked: 5, private_message: 6, invited_to_private_message: 7,
  invitee_accepted: 8, posted: 9, moved_post: 10, linked: 11, granted_badge: 12, invited_to_topic: 13, custom: 14,
  group_mentioned: 15, group_message_summary: 16, watching_first_post: 17, topic_reminder: 18, liked_consolidated: 19,
  post_approved: 20, code_review_commit_approved: 21, membership_request_accepted: 22,
  membership_request_consolidated: 23, bookmark_reminder: 24, reaction: 25, votes_released: 26, event_reminder: 27,
  event_invitation: 28, chat_mention: 29, chat_message: 30, chat_invitation: 31, chat_group_mention: 32,
  chat_quoted: 33, assigned: 34, question_answer_user_commented: 35, watching_category_or_tag: 36, new_features: 37,
  admin_problems: 38, linked_consolidated: 39, chat_watched_thread: 40, upcoming_change_available: 41,
  upcoming_change_automatically_promoted: 42, boost: 43, suggested_edit_created: 44, suggested_edit_accepted: 45,
  following: 800, following_created_topic: 801, following_replied: 802, circles_activity: 900,
};
const HIGH_PRIORITY_TYPES = new Set([notificationTypes.private_message, notificationTypes.bookmark_reminder]);

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
  /** user id → topic id → highest post number read */
  lastRead = new Map<number, Map<number, number>>();
  /** user id → the highest notification id the user has seen in the menu */
  seenNotificationId = new Map<number, number>();
  messageBus: MessageBusMessage[] = [];
  /** The forum's subfolder ('' at the root), for URLs the serializers build. */
  basePath = '';
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
      if (parent) once(parent.userId, topic.archetype === 'private_message' ? 'private_message' : 'replied');
    }
    if (topic.archetype === 'private_message') {
      for (const userId of topic.allowedUserIds) once(userId, 'private_message');
    } else {
      // The topic's creator watches it by default.
      once(topic.userId, 'posted');
    }
  }

  notify(userId: number, type: string, topic: Topic | null, post: Post | null, actor: User | null, data: Record<string, unknown> = {}, at = this.now()): Notification {
    const typeId = notificationTypes[type];
    if (typeId === undefined) throw new Error(`unknown notification type ${type}`);
    const notification: Notification = {
      id: ++this.ids.notification,
      userId,
      notificationType: typeId,
      read: false,
      highPriority: HIGH_PRIORITY_TYPES.has(typeId),
      createdAt: this.iso(at),
      topicId: topic?.id ?? null,
      postNumber: post?.postNumber ?? null,
      data: {
        ...(topic ? { topic_title: topic.title } : {}),
        ...(post ? { original_post_id: post.id, original_post_type: 1 } : {}),
        ...(actor ? { original_username: actor.username, display_username: actor.username } : {}),
        ...data,
      },
    };
    this.notifications.push(notification);
    this.publishNotificationState(userId, notification, topic, post, actor);
    return notification;
  }

  markRead(userId: number, topicId: number, postNumber: number): void {
    const byTopic = this.lastRead.get(userId) ?? new Map<number, number>();
    byTopic.set(topicId, Math.max(byTopic.get(topicId) ?? 0, postNumber));
    this.lastRead.set(userId, byTopic);
  }
  lastReadOf(userId: number, topicId: number): number | undefined {
    return this.lastRead.get(userId)?.get(topicId);
  }

  // --- notifications state (FACTS.md §4 `/notification/<id>` payload)
  unreadCounts(userId: number) {
    const mine = this.notifications.filter((n) => n.userId === userId && !n.read);
    const newPms = mine.filter((n) => n.notificationType === notificationTypes.private_message).length;
    const grouped: Record<string, number> = {};
    for (const n of mine) grouped[n.notificationType] = (grouped[n.notificationType] ?? 0) + 1;
    return {
      all: mine.length,
      highPriority: mine.filter((n) => n.highPriority).length,
      newPersonalMessages: newPms,
      regular: mine.length - newPms,
      grouped,
    };
  }

  publishNotificationState(userId: number, last: Notification | null, topic?: Topic | null, post?: Post | null, actor?: User | null): void {
    const counts = this.unreadCounts(userId);
    const mine = this.notifications.filter((n) => n.userId === userId).sort((a, b) => b.id - a.id);
    this.publish(`/notification/${userId}`, {
      unread_notifications: counts.regular,
      unread_high_priority_notifications: counts.highPriority,
      read_first_notification: false,
      last_notification: mine[0] ? { notification: this.notificationJson(mine[0]) } : null,
      recent: mine.slice(0, 40).map((n) => [n.id, n.read]),
      seen_notification_id: this.seenNotificationId.get(userId) ?? 0,
      all_unread_notifications_count: counts.all,
      grouped_unread_notifications: counts.grouped,
      new_personal_messages_notifications_count: counts.newPersonalMessages,
    });
    const alertTypes = ['mentioned', 'replied', 'quoted', 'posted', 'linked', 'private_message', 'group_mentioned', 'watching_first_post'];
    if (last && topic && post && actor && alertTypes.some((name) => notificationTypes[name] === last.notificationType)) {
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

  /** NotificationSerializer (FACTS.md §3.1). */
  notificationJson(n: Notification) {
    const topic = n.topicId ? this.topicById(n.topicId) : undefined;
    return {
      id: n.id,
      user_id: n.userId,
      notification_type: n.notificationType,
      read: n.read,
      high_priority: n.highPriority,
      created_at: n.createdAt,
      post_number: n.postNumber,
      topic_id: n.topicId,
      slug: topic?.slug ?? null,
      ...(topic ? { fancy_title: escapeHtml(topic.title) } : {}),
      data: n.data,
    };
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
