/** The records the forum keeps (users, categories, topics, posts, notifications, keys, sessions, grants), as the store holds them. */

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
  /** The everyone group's CategoryGroup permission_type: 1 full, 2 create_post, 3 readonly. Staff may always post. */
  everyone: 1 | 2 | 3;
  /** CategorySetting require_topic_approval and require_reply_approval at once: non-staff posts wait in the review queue. */
  requireApproval: boolean;
}

/** A ReviewableQueuedPost: a post held until a moderator approves it. */
export interface PendingPost {
  id: number;
  userId: number;
  raw: string;
  /** A reply's topic; null for a new topic or message. */
  topicId: number | null;
  createdAt: string;
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
