/** PostAlerter: whom a new post or message notifies, and the MessageBus messages a notification sends (bell state, desktop alert). */
import { mentionedUsernames } from './cooking';
import { notificationState, notificationTypes } from './notifications';
import type { Notification, Post, Topic, User } from './records';
import type { Store } from './store';

/** The notifications Discourse's PostAlerter creates for a reply: mentions, quotes, the replied-to author, watchers. */
export function alertReply(store: Store, post: Post, topic: Topic, author: User): void {
  const notified = new Set<number>([author.id]);
  const once = (userId: number, type: string) => {
    if (notified.has(userId)) return;
    notified.add(userId);
    const target = store.userById(userId);
    if (target && store.canSee(target, topic))
      store.notify(userId, type, topic, post, author, {}, Date.parse(post.createdAt));
  };
  for (const username of mentionedUsernames(post.raw)) {
    const user = store.userByName(username);
    if (user) once(user.id, 'mentioned');
  }
  for (const match of post.raw.matchAll(/\[quote="([^",\]]+)/g)) {
    const user = store.userByName(match[1]!);
    if (user) once(user.id, 'quoted');
  }
  if (post.replyToPostNumber) {
    const parent = store.postsOf(topic.id).find((p) => p.postNumber === post.replyToPostNumber);
    if (parent?.userId) once(parent.userId, topic.archetype === 'private_message' ? 'private_message' : 'replied');
  }
  if (topic.archetype === 'private_message') {
    for (const userId of topic.allowedUserIds) once(userId, 'private_message');
  } else {
    // The topic's creator watches it by default.
    if (topic.userId !== null) once(topic.userId, 'posted');
  }
}

/** A new private message: each recipient is notified of its first post. */
export function alertMessageRecipients(
  store: Store,
  topic: Topic,
  post: Post,
  author: User,
  recipients: User[],
  at: number,
): void {
  for (const recipient of recipients) store.notify(recipient.id, 'private_message', topic, post, author, {}, at);
}

/** The bell update on `/notification/{id}`, and for a post-based alert the desktop alert on `/notification-alert/{id}`. */
export function publishNotificationState(
  store: Store,
  userId: number,
  last: Notification | null,
  topic?: Topic | null,
  post?: Post | null,
  actor?: User | null,
): void {
  store.bus.publish(`/notification/${userId}`, notificationState(store, userId));
  const alertTypes = [
    'mentioned',
    'replied',
    'quoted',
    'posted',
    'linked',
    'private_message',
    'group_mentioned',
    'watching_first_post',
  ];
  if (
    last?.topicId &&
    topic &&
    post &&
    actor &&
    alertTypes.some((name) => notificationTypes[name] === last.notificationType)
  ) {
    store.bus.publish(`/notification-alert/${userId}`, {
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
