import { fancyTitle } from './fancyTitle';
import { avatarTemplate } from './serializers/users';
import type { Notification, Post, Topic, User } from './records';
import type { Store } from './store';

/**
 * Notifications as Discourse makes, counts and serializes them: Notification.types, the `data`
 * each creator writes (PostAlerter, BadgeGranter, the consolidation planner, chat, assign,
 * follow, solved…), the bell counters of User and NotificationSerializer.
 */

/** Notification.types (app/models/notification.rb), plugin types included: core defines them all. */
export const notificationTypes: Record<string, number> = {
  mentioned: 1,
  replied: 2,
  quoted: 3,
  edited: 4,
  liked: 5,
  private_message: 6,
  invited_to_private_message: 7,
  invitee_accepted: 8,
  posted: 9,
  moved_post: 10,
  linked: 11,
  granted_badge: 12,
  invited_to_topic: 13,
  custom: 14,
  group_mentioned: 15,
  group_message_summary: 16,
  watching_first_post: 17,
  topic_reminder: 18,
  liked_consolidated: 19,
  post_approved: 20,
  code_review_commit_approved: 21,
  membership_request_accepted: 22,
  membership_request_consolidated: 23,
  bookmark_reminder: 24,
  reaction: 25,
  votes_released: 26,
  event_reminder: 27,
  event_invitation: 28,
  chat_mention: 29,
  chat_message: 30,
  chat_invitation: 31,
  chat_group_mention: 32,
  chat_quoted: 33,
  assigned: 34,
  question_answer_user_commented: 35,
  watching_category_or_tag: 36,
  new_features: 37,
  admin_problems: 38,
  linked_consolidated: 39,
  chat_watched_thread: 40,
  upcoming_change_available: 41,
  upcoming_change_automatically_promoted: 42,
  boost: 43,
  suggested_edit_created: 44,
  suggested_edit_accepted: 45,
  following: 800,
  following_created_topic: 801,
  following_replied: 802,
  circles_activity: 900,
};

/** Notification.high_priority_types, plus the types their creators pass `high_priority: true` for. */
const HIGH_PRIORITY = new Set([
  'private_message',
  'bookmark_reminder',
  'chat_mention',
  'chat_message',
  'chat_invitation',
  'assigned',
]);

/** Created without topic_id/post_number: badges, consolidations, group and chat notices, admin notices. */
const NO_TOPIC = new Set([
  'granted_badge',
  'liked_consolidated',
  'linked_consolidated',
  'group_message_summary',
  'membership_request_accepted',
  'membership_request_consolidated',
  'invitee_accepted',
  'following',
  'new_features',
  'admin_problems',
  'chat_mention',
  'chat_message',
  'chat_invitation',
  'chat_group_mention',
  'chat_watched_thread',
  'upcoming_change_available',
  'upcoming_change_automatically_promoted',
]);

/** votes_released points at the topic, not a post. */
const TOPIC_ONLY = new Set(['votes_released']);

/** User::MAX_UNREAD_NOTIFICATIONS: the LIMIT on the bell counters. */
export const MAX_UNREAD_NOTIFICATIONS = 99;

/** Notification#before_create: high_priority unless given, from the type (not a permitted param). */
export function isHighPriorityType(id: number): boolean {
  return HIGH_PRIORITY.has(typeName(id) ?? '');
}

export function typeName(id: number): string | undefined {
  return Object.keys(notificationTypes).find((name) => notificationTypes[name] === id);
}

interface Context {
  store: Store;
  recipient: User | undefined;
  topic: Topic | null;
  post: Post | null;
  actor: User | null;
}

const CHANNEL = {
  chat_channel_id: 7,
  chat_channel_title: 'Support volunteers',
  chat_channel_slug: 'support-volunteers',
};

/** The `data` hash the creator of each type writes, before the caller's overrides. */
function defaultData(type: string, { store, recipient, topic, post, actor }: Context): Record<string, unknown> {
  const actorName = actor?.username ?? 'system';
  const me = recipient?.username ?? '';
  // PostAlerter#create_notification: every post-based type carries these (revision_number is nil unless edited).
  const postAlert = {
    ...(topic ? { topic_title: topic.title } : {}),
    // original_username is `opts[:display_username].presence || post.username`: the one who acted.
    ...(post ? { original_post_id: post.id, original_post_type: 1, original_username: actorName } : {}),
    revision_number: null,
    display_username: actorName,
  };
  switch (type) {
    case 'edited':
      return { ...postAlert, revision_number: 2 };
    case 'group_mentioned':
      return { ...postAlert, group_id: 41, group_name: 'support' };
    case 'granted_badge': // BadgeGranter.send_notification: `username` is the recipient
      return {
        badge_id: 9,
        badge_name: 'Autobiographer',
        badge_slug: 'autobiographer',
        badge_title: false,
        username: me,
      };
    case 'liked_consolidated': // the liked data, plus username (= the liker) and count; the topic is dropped
      return {
        ...(topic ? { topic_title: topic.title } : {}),
        ...(post ? { original_post_id: post.id, original_post_type: 1, original_username: me } : {}),
        display_username: actorName,
        username: actorName,
        count: 4,
      };
    case 'linked_consolidated':
      return { display_username: actorName, username: actorName, count: 3 };
    case 'group_message_summary': // PostAlerter#notify_group_summary: `username` is the recipient, lower-cased
      return { group_id: 41, group_name: 'support', inbox_count: 3, username: me.toLowerCase() };
    case 'membership_request_accepted':
      return { group_id: 41, group_name: 'support' };
    case 'membership_request_consolidated':
      return { group_name: 'support', count: 2 };
    case 'invitee_accepted':
    case 'following': // Follow::Updater
      return { display_username: actorName };
    case 'new_features':
    case 'admin_problems':
      return {};
    case 'bookmark_reminder': // BookmarkReminderNotificationHandler: display_username is the bookmark's owner
      return {
        title: topic?.title ?? 'Bookmarked post',
        bookmarkable_url:
          topic && post ? `${store.basePath}/t/${topic.slug}/${topic.id}/${post.postNumber}` : `${store.basePath}/`,
        display_username: me,
        bookmark_name: 'Reply after the release',
        bookmark_id: 31,
      };
    case 'reaction': // discourse-reactions: reaction_icon only for the like-equivalent emoji
      return { ...postAlert, reaction_icon: 'heart' };
    case 'custom': // discourse-solved's accepted answer
      return {
        message: 'solved.accepted_notification',
        display_username: actorName,
        topic_title: topic?.title ?? '',
        title: 'solved.notification.title',
      };
    case 'assigned':
      return {
        message: 'discourse_assign.assign_notification',
        display_username: actorName,
        topic_title: topic?.title ?? '',
        assignment_id: 12,
      };
    case 'votes_released':
      return { message: 'votes_released', title: 'votes_released' };
    case 'event_reminder':
      return {
        topic_title: topic?.title ?? '',
        display_username: actorName,
        message: 'discourse_post_event.notifications.before_event_reminder',
      };
    case 'event_invitation':
      return {
        user_id: actor?.id ?? null,
        topic_title: topic?.title ?? '',
        display_username: actorName,
        message: 'discourse_post_event.notifications.invite_user_notification',
        event_name: topic?.title ?? '',
      };
    case 'chat_mention':
      return {
        chat_message_id: 5012,
        chat_channel_id: CHANNEL.chat_channel_id,
        mentioned_by_username: actorName,
        is_direct_message_channel: false,
        chat_channel_title: CHANNEL.chat_channel_title,
        chat_channel_slug: CHANNEL.chat_channel_slug,
      };
    case 'chat_message':
      return {
        chat_message_id: 5013,
        chat_channel_id: 9,
        channel_name: actorName,
        sender: actorName,
        is_direct_message_channel: true,
        message: 'Are you around?',
        chat_channel_title: actorName,
        chat_channel_slug: null,
      };
    case 'chat_invitation':
      return { ...CHANNEL, invited_by_username: actorName, chat_message_id: 5014 };
    case 'chat_group_mention':
      return {
        chat_message_id: 5015,
        chat_channel_id: CHANNEL.chat_channel_id,
        chat_channel_title: CHANNEL.chat_channel_title,
        mentioned_by_username: actorName,
        identifier: 'support',
        group_name: 'support',
      };
    case 'chat_watched_thread':
      return {
        username: actorName,
        chat_message_id: 5016,
        chat_channel_id: CHANNEL.chat_channel_id,
        chat_thread_id: 88,
        last_read_message_id: 5010,
        description: 'Meetup planning',
        user_ids: [actor?.id ?? 0],
      };
    case 'upcoming_change_available':
    case 'upcoming_change_automatically_promoted':
      return { upcoming_change_name: 'enable_welcome_banner', upcoming_change_humanized_name: 'Welcome banner' };
    case 'boost':
      return { ...postAlert, cooked: '<p>Great answer!</p>' };
    case 'following_created_topic':
    case 'following_replied': {
      // Follow::NotificationHandler: no original_username
      const { original_username: _o, revision_number: _r, ...rest } = postAlert as Record<string, unknown>;
      return rest;
    }
    default:
      return postAlert;
  }
}

export function buildNotification(
  store: Store,
  id: number,
  input: {
    userId: number;
    type: string;
    topic: Topic | null;
    post: Post | null;
    actor: User | null;
    data?: Record<string, unknown>;
    createdAt: string;
  },
): Notification {
  const typeId = notificationTypes[input.type];
  if (typeId === undefined) throw new Error(`unknown notification type ${input.type}`);
  const context: Context = {
    store,
    recipient: store.userById(input.userId),
    topic: input.topic,
    post: input.post,
    actor: input.actor,
  };
  const noTopic = NO_TOPIC.has(input.type);
  return {
    id,
    userId: input.userId,
    notificationType: typeId,
    read: false,
    highPriority: HIGH_PRIORITY.has(input.type),
    createdAt: input.createdAt,
    topicId: noTopic ? null : (input.topic?.id ?? null),
    postNumber: noTopic || TOPIC_ONLY.has(input.type) ? null : (input.post?.postNumber ?? null),
    data: { ...defaultData(input.type, context), ...(input.data ?? {}) },
  };
}

/** The bell counters (User#unread_notifications and friends) and the grouped unread counts. */
export function bellCounts(store: Store, userId: number) {
  const seen = store.seenNotificationId.get(userId) ?? 0;
  const unread = store.notifications.filter((n) => n.userId === userId && !n.read);
  const unseen = unread.filter((n) => n.id > seen);
  const newPersonalMessages = unseen.filter((n) => n.notificationType === notificationTypes.private_message).length;
  const all = Math.min(MAX_UNREAD_NOTIFICATIONS, unseen.length);
  const grouped: Record<string, number> = {};
  for (const n of unread) grouped[n.notificationType] = (grouped[n.notificationType] ?? 0) + 1;
  return {
    seen,
    /** User#unread_notifications: not high priority, above the seen id, capped. */
    regular: Math.min(MAX_UNREAD_NOTIFICATIONS, unseen.filter((n) => !n.highPriority).length),
    /** User#all_unread_notifications_count: above the seen id, capped. What the header bubble shows. */
    all,
    /** User#unread_high_priority_notifications: no seen filter, no cap. */
    highPriority: unread.filter((n) => n.highPriority).length,
    /** User#new_personal_messages_notifications_count: above the seen id, no cap. */
    newPersonalMessages,
    /** UserNotificationTotalSerializer#unread_notifications: capped all minus new PMs (negative past 99 PMs, as in Discourse). */
    totalsUnread: all - newPersonalMessages,
    grouped,
  };
}

/** User#bump_last_seen_notification!: the seen id moves to the newest notification; true when it moved. */
export function bumpSeen(store: Store, userId: number): boolean {
  const newest = Math.max(0, ...store.notifications.filter((n) => n.userId === userId).map((n) => n.id));
  if (newest <= (store.seenNotificationId.get(userId) ?? 0)) return false;
  store.seenNotificationId.set(userId, newest);
  return true;
}

/** NotificationSerializer: fancy_title only with a topic, slug null without one; no acting_user_* (show_user_menu_avatars off). */
export function notificationJson(store: Store, n: Notification) {
  const topic = n.topicId ? store.topicById(n.topicId) : undefined;
  return {
    id: n.id,
    user_id: n.userId,
    notification_type: n.notificationType,
    read: n.read,
    high_priority: n.highPriority,
    created_at: n.createdAt,
    post_number: n.postNumber,
    topic_id: n.topicId,
    ...(topic ? { fancy_title: fancyTitle(topic.title) } : {}),
    slug: topic?.slug ?? null,
    data: n.data,
  };
}

/**
 * Notification.populate_acting_user, only with `show_user_menu_avatars`: the acting user is the
 * first of data's username, display_username, mentioned_by_username, invited_by_username,
 * original_username that names an account; its template is absolute and schemaless (avatar_template_url).
 */
export function withActingUser(
  store: Store,
  n: Notification,
  json: ReturnType<typeof notificationJson>,
  origin: string,
) {
  const data = n.data as Record<string, unknown>;
  const name = ['username', 'display_username', 'mentioned_by_username', 'invited_by_username', 'original_username']
    .map((k) => data[k])
    .find((v) => typeof v === 'string' && store.userByName(v));
  const user = typeof name === 'string' ? store.userByName(name) : undefined;
  if (!user) return json;
  const host = origin.replace(/^https?:/, '');
  return {
    ...json,
    acting_user_avatar_template: `${host}${avatarTemplate(store.basePath, user)}`,
    acting_user_name: user.name,
  };
}

/** User#publish_notifications_state: the `/notification/{id}` payload. */
export function notificationState(store: Store, userId: number) {
  const counts = bellCounts(store, userId);
  const mine = store.notifications.filter((n) => n.userId === userId).sort((a, b) => b.id - a.id);
  return {
    unread_notifications: counts.regular,
    unread_high_priority_notifications: counts.highPriority,
    read_first_notification: counts.seen !== 0,
    last_notification: mine[0] ? { notification: notificationJson(store, mine[0]) } : null,
    recent: mine.slice(0, 40).map((n) => [n.id, n.read]),
    seen_notification_id: counts.seen,
    all_unread_notifications_count: counts.all,
    grouped_unread_notifications: counts.grouped,
    new_personal_messages_notifications_count: counts.newPersonalMessages,
  };
}
