/** What a signed-in client polls about itself: CurrentUserSerializer and `/notifications/totals.json`. */
import type { User } from '../records';
import type { Store } from '../store';
import { topicState } from './topicLists';
import { avatarTemplate } from './users';

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
    // include_unread_personal_messages?: only for members of `personal_message_enabled_groups`
    // (default staff and trust_level_1; user_notification_total_serializer.rb @ bcb57d85), so a TL0 user's new messages are in neither number.
    ...(user.admin || user.moderator || user.trustLevel >= 1
      ? { unread_personal_messages: counts.newPersonalMessages }
      : {}),
    ...(user.admin || user.moderator ? { unseen_reviewables: 0 } : {}),
    topic_tracking: {
      new: states.filter((s) => s.isNew).length,
      unread: states.filter((s) => s.unreadPosts > 0).length,
    },
    group_inboxes: [],
  };
}
