import type { MessageKey, PluralKey } from '../messages/i18n';
import { NOTIFICATION_GROUPS, type NotificationGroup } from './notificationGroups';
import type { Notification, Totals } from './schemas';
import { absoluteImageUrl } from './forumUrl';
import { plainText, rawText } from './text';

/**
 * What a notification says and where it leads, as Discourse's own user menu shows it: the
 * frontend's `lib/notification-types/*.js` (base.js for types without a file of their own) and
 * the official plugins' renderers (chat, reactions, assign, follow, voting, events, solved).
 * Pure: the inbox, desktop notifications and filters all read notifications through it.
 */

export { NOTIFICATION_GROUPS, type NotificationGroup };

export interface NotificationView {
  /** The main text (Discourse's "description"): plain text, never HTML. */
  title: string;
  /** Who did it (Discourse's "label"); empty where the forum shows nobody. */
  actor: string;
  /** Absolute URL on the forum. */
  url: string;
  /** What kind of notification, in a few words ("new reply"). */
  label: string;
  /** A one-character glyph for the list. */
  icon: string;
  group: NotificationGroup;
  /** Who did what, as one phrase in the reader's language ("zoe replied"); the label alone without an actor. */
  byline: string;
  /** The acting user's avatar at 48 px, absolute; null unless the forum sends it (`show_user_menu_avatars`). */
  avatar: string | null;
}

export interface DescribeContext {
  /** The forum with its subfolder, no trailing slash. */
  baseUrl: string;
  /** The connected account: the owner of every notification. */
  username: string;
  /** The type's name from the forum's `/site.json` `notification_types`; else the table below. */
  typeName?: string;
  /** The words, in the reader's language (the caller's translation layer: this module reads no extension API). */
  say: Say;
}

/**
 * A message of public/_locales by key, its `$1`… filled with `args`; with `count`, the plural form
 * for it (`${key}_one`, `_other`, …), the formatted count first. "" for a key the locale lacks.
 */
export interface Say {
  (key: MessageKey, args?: (string | number)[]): string;
  (key: PluralKey, args: (string | number)[], count: number): string;
}

/** Core's `Notification.types` (app/models/notification.rb), plugin types included. */
export const CORE_TYPES: Record<number, string> = {
  1: 'mentioned',
  2: 'replied',
  3: 'quoted',
  4: 'edited',
  5: 'liked',
  6: 'private_message',
  7: 'invited_to_private_message',
  8: 'invitee_accepted',
  9: 'posted',
  10: 'moved_post',
  11: 'linked',
  12: 'granted_badge',
  13: 'invited_to_topic',
  14: 'custom',
  15: 'group_mentioned',
  16: 'group_message_summary',
  17: 'watching_first_post',
  18: 'topic_reminder',
  19: 'liked_consolidated',
  20: 'post_approved',
  21: 'code_review_commit_approved',
  22: 'membership_request_accepted',
  23: 'membership_request_consolidated',
  24: 'bookmark_reminder',
  25: 'reaction',
  26: 'votes_released',
  27: 'event_reminder',
  28: 'event_invitation',
  29: 'chat_mention',
  30: 'chat_message',
  31: 'chat_invitation',
  32: 'chat_group_mention',
  33: 'chat_quoted',
  34: 'assigned',
  35: 'question_answer_user_commented',
  36: 'watching_category_or_tag',
  37: 'new_features',
  38: 'admin_problems',
  39: 'linked_consolidated',
  40: 'chat_watched_thread',
  41: 'upcoming_change_available',
  42: 'upcoming_change_automatically_promoted',
  43: 'boost',
  44: 'suggested_edit_created',
  45: 'suggested_edit_accepted',
  800: 'following',
  801: 'following_created_topic',
  802: 'following_replied',
  900: 'circles_activity',
};

const GROUPS: Record<string, NotificationGroup> = {
  mentioned: 'mentions',
  group_mentioned: 'mentions',
  quoted: 'mentions',
  chat_mention: 'mentions',
  chat_group_mention: 'mentions',
  chat_quoted: 'mentions',
  replied: 'replies',
  posted: 'replies',
  watching_first_post: 'replies',
  watching_category_or_tag: 'replies',
  following_created_topic: 'replies',
  following_replied: 'replies',
  question_answer_user_commented: 'replies',
  private_message: 'messages',
  invited_to_private_message: 'messages',
  group_message_summary: 'messages',
  membership_request_consolidated: 'messages',
  chat_message: 'messages',
  chat_invitation: 'messages',
  chat_watched_thread: 'messages',
  liked: 'likes',
  liked_consolidated: 'likes',
  reaction: 'likes',
  boost: 'likes',
};

const ICONS: Record<string, string> = {
  mentioned: '@',
  group_mentioned: '@',
  chat_mention: '@',
  chat_group_mention: '@',
  quoted: '❝',
  chat_quoted: '❝',
  replied: '↩',
  posted: '•',
  watching_first_post: '•',
  watching_category_or_tag: '•',
  following_created_topic: '•',
  following_replied: '↩',
  private_message: '✉',
  invited_to_private_message: '✉',
  group_message_summary: '✉',
  chat_message: '✉',
  chat_invitation: '✉',
  chat_watched_thread: '✉',
  liked: '♥',
  liked_consolidated: '♥',
  reaction: '♥',
  boost: '♥',
  edited: '✎',
  granted_badge: '★',
  linked: '🔗',
  linked_consolidated: '🔗',
  bookmark_reminder: '🔖',
  moved_post: '→',
  invited_to_topic: '+',
  invitee_accepted: '+',
  following: '+',
  membership_request_accepted: '+',
  membership_request_consolidated: '+',
  assigned: '☛',
  admin_problems: '!',
  new_features: '!',
  upcoming_change_available: '!',
  upcoming_change_automatically_promoted: '!',
  event_reminder: '◷',
  event_invitation: '◷',
  topic_reminder: '◷',
  votes_released: '✓',
  post_approved: '✓',
};

/** The filter group of a type name; every type has one ('other' for the rest). */
export function notificationGroup(typeName: string): NotificationGroup {
  return (
    GROUPS[typeName] ??
    ((NOTIFICATION_GROUPS as string[]).includes(typeName) ? (typeName as NotificationGroup) : 'other')
  );
}

type Data = Record<string, unknown>;
const str = (data: Data, key: string): string =>
  typeof data[key] === 'string' ? (data[key] as string) : typeof data[key] === 'number' ? String(data[key]) : '';
const num = (data: Data, key: string): number =>
  typeof data[key] === 'number' && Number.isFinite(data[key]) ? (data[key] as number) : 0;
const seg = encodeURIComponent;
/** A slug as the forum sent it (`slug_generation_method: encoded` slugs are percent-encoded already); only what would break the path is escaped. */
const slugSeg = (slug: string) => slug.replace(/[^\w%.~-]/g, (c) => encodeURIComponent(c));

export function notificationTypeName(
  n: Pick<Notification, 'notification_type'>,
  siteTypes?: Record<string, string>,
): string {
  return siteTypes?.[String(n.notification_type)] ?? CORE_TYPES[n.notification_type] ?? `type ${n.notification_type}`;
}

export function describeNotification(n: Notification, context: DescribeContext): NotificationView {
  const typeName = context.typeName ?? notificationTypeName(n);
  const data: Data = n.data && typeof n.data === 'object' ? n.data : {};
  const base = context.baseUrl.replace(/\/+$/, '');
  const me = context.username;
  const on = (path: string) => `${base}${path}`;

  // base.js: the topic (and post, past the first) the notification is about.
  const topicUrl = n.topic_id
    ? on(
        `/t/${slugSeg(n.slug || 'topic')}/${n.topic_id}${n.post_number && n.post_number > 1 ? `/${n.post_number}` : ''}`,
      )
    : null;
  const groupInbox =
    data.group_id && str(data, 'group_name')
      ? on(`/u/${seg(str(data, 'username') || me)}/messages/${seg(str(data, 'group_name'))}`)
      : null;
  const myNotifications = on(`/u/${seg(me)}/notifications`);
  const topicTitle = plainText(n.fancy_title) || rawText(str(data, 'topic_title'));
  const who = str(data, 'display_username');
  const say = context.say;
  // Discourse's `notifications.titles.*`, in the reader's language; a type we have no words for reads as its name.
  const labelOf = (name: string) => say(`notifLabel_${name}` as MessageKey) || name.replace(/_/g, ' ');
  // "zoe, priya" for two; "zoe and 4 others" for more.
  const actors = (count: number, first: string, second: string) =>
    count === 2 && second
      ? say('notifActorsTwo', [first, second])
      : count > 2
        ? say('notifActorsMany', [first], count - 1)
        : first;

  const avatar = n.acting_user_avatar_template ? absoluteImageUrl(base, n.acting_user_avatar_template, 48) : null;
  const view = (title: string, actor: string, url: string | null, label = labelOf(typeName)): NotificationView => ({
    title: title || label,
    actor,
    url: url ?? myNotifications,
    label,
    icon: ICONS[typeName] ?? '•',
    group: notificationGroup(typeName),
    // "zoe liked your post" where the type has a verb; else "zoe · new like" (word order is the locale's).
    byline: actor ? say(`notifBy_${typeName}` as MessageKey, [actor]) || say('notifByLabel', [actor, label]) : label,
    avatar: actor ? avatar : null,
  });
  const chatChannel = () => on(`/chat/c/${seg(str(data, 'chat_channel_slug') || '-')}/${num(data, 'chat_channel_id')}`);
  const sameForum = (path: string): string | null => {
    if (!path.startsWith('/') || path.startsWith('//')) return null;
    const prefix = new URL(base).pathname.replace(/\/$/, '');
    return prefix && path.startsWith(`${prefix}/`) ? `${new URL(base).origin}${path}` : on(path);
  };

  switch (typeName) {
    case 'liked': {
      // liked.js: two likers read "a, b"; more read "a and N others".
      return view(topicTitle, actors(num(data, 'count'), who, str(data, 'username2')), topicUrl);
    }
    case 'invitee_accepted':
      return view(say('notifAcceptedInvitation'), who, who ? on(`/u/${seg(who)}`) : null);
    case 'moved_post':
      return view(topicTitle, who, topicUrl, labelOf('moved_post'));
    case 'granted_badge': {
      const badge = rawText(str(data, 'badge_name'));
      const slug = str(data, 'badge_slug') || badge.replace(/[^A-Za-z0-9_]+/g, '-').toLowerCase();
      const forUser = str(data, 'username') ? `?username=${seg(str(data, 'username').toLowerCase())}` : '';
      const url =
        data.badge_id !== undefined ? on(`/badges/${seg(str(data, 'badge_id'))}/${seg(slug)}${forUser}`) : topicUrl;
      const topic = rawText(str(data, 'topic_title'));
      return view(
        badge
          ? topic
            ? say('notifBadgeEarnedFor', [badge, topic])
            : say('notifBadgeEarned', [badge])
          : say('notifBadgeNew'),
        '',
        url,
      );
    }
    case 'group_mentioned':
      return view(topicTitle, who && str(data, 'group_name') ? `${who} @${str(data, 'group_name')}` : who, topicUrl);
    case 'group_message_summary': {
      const count = num(data, 'inbox_count');
      const group = str(data, 'group_name');
      return view(
        say('notifGroupInbox', [group], count),
        '',
        on(`/u/${seg(str(data, 'username') || me)}/messages/group/${seg(group)}`),
      );
    }
    case 'watching_first_post':
      return view(topicTitle, who, topicUrl, labelOf('watching_first_post'));
    case 'liked_consolidated': {
      const count = num(data, 'count');
      const liker = str(data, 'username') || who;
      return view(
        say('notifLikedPosts', [], count),
        who,
        on(`/u/${seg(me)}/notifications/likes-received?acting_username=${seg(liker)}`),
      );
    }
    case 'linked_consolidated': {
      const count = num(data, 'count');
      const linker = str(data, 'username') || who;
      return view(
        say('notifLinkedPosts', [], count),
        who,
        on(`/u/${seg(me)}/notifications/links?acting_username=${seg(linker)}`),
      );
    }
    case 'membership_request_accepted': {
      const group = str(data, 'group_name');
      return view(say('notifMembershipAccepted', [group]), '', group ? on(`/g/${seg(group)}`) : null);
    }
    case 'membership_request_consolidated': {
      const count = num(data, 'count');
      return view(say('notifMembershipRequests', [str(data, 'group_name')], count), '', on(`/u/${seg(me)}/messages`));
    }
    case 'bookmark_reminder': {
      const name = rawText(str(data, 'bookmark_name'));
      const title = topicTitle || rawText(str(data, 'title')) || name;
      return view(title, '', topicUrl ?? sameForum(str(data, 'bookmarkable_url')));
    }
    case 'reaction': {
      // discourse-reactions: a consolidated reaction has no topic and opens the received page.
      const count = num(data, 'count');
      const second = str(data, 'username2');
      const actor = second ? actors(count, who, second) : who;
      const title = count > 1 && !second ? say('notifReactedPosts', [], count) : topicTitle;
      const page = data.reaction_icon ? 'likes-received' : 'reactions-received';
      return view(
        title,
        actor,
        topicUrl ?? on(`/u/${seg(me)}/notifications/${page}?acting_username=${seg(who)}&include_likes=true`),
      );
    }
    case 'votes_released':
      return view(topicTitle, '', topicUrl);
    case 'event_reminder':
      return view(rawText(str(data, 'topic_title')) || topicTitle, '', topicUrl);
    case 'event_invitation':
      return view(rawText(str(data, 'topic_title')) || topicTitle, who, topicUrl);
    case 'chat_mention':
    case 'chat_group_mention': {
      const channel = rawText(str(data, 'chat_channel_title'));
      const identifier = str(data, 'identifier');
      const whom = identifier ? `@${identifier}` : say('notifYou');
      const title = data.is_direct_message_channel
        ? say('notifChatMentionDirect', [whom])
        : say('notifChatMentionChannel', [whom, channel]);
      const thread = num(data, 'chat_thread_id');
      return view(
        title,
        str(data, 'mentioned_by_username'),
        `${chatChannel()}${thread ? `/t/${thread}` : `/${num(data, 'chat_message_id')}`}`,
      );
    }
    case 'chat_message': {
      // No renderer in the chat plugin: the sender and the channel, as its desktop alert says.
      const channel = rawText(str(data, 'chat_channel_title') || str(data, 'channel_name'));
      const title =
        data.is_direct_message_channel || !channel ? say('notifChatDirect') : say('notifChatChannel', [channel]);
      const message = num(data, 'chat_message_id');
      return view(title, str(data, 'sender') || who, `${chatChannel()}${message ? `/${message}` : ''}`);
    }
    case 'chat_invitation': {
      const message = num(data, 'chat_message_id');
      return view(
        say('notifChatInvitation'),
        str(data, 'invited_by_username'),
        `${chatChannel()}${message ? `/${message}` : ''}`,
      );
    }
    case 'chat_watched_thread': {
      const others = Array.isArray(data.user_ids) ? data.user_ids.length : 0;
      const actor = str(data, 'username2')
        ? actors(others, str(data, 'username2'), str(data, 'username'))
        : str(data, 'username');
      return view(
        plainText(str(data, 'description')),
        actor,
        on(
          `/chat/c/-/${num(data, 'chat_channel_id')}/t/${num(data, 'chat_thread_id')}/${num(data, 'chat_message_id')}`,
        ),
      );
    }
    case 'assigned': {
      // discourse-assign shows the group for a group assignment and nobody for a personal one.
      const group = str(data, 'message') === 'discourse_assign.assign_group_notification';
      return view(topicTitle, group ? who : '', topicUrl, labelOf(group ? 'assignedToGroup' : 'assignedToYou'));
    }
    case 'custom':
      return custom(data, topicTitle, who, topicUrl, view, labelOf);
    case 'new_features':
      return view(say('notifNewFeatures'), '', on('/admin/whats-new'));
    case 'admin_problems':
      return view(say('notifAdminProblems'), '', on('/admin'));
    case 'upcoming_change_available':
    case 'upcoming_change_automatically_promoted': {
      const names = Array.isArray(data.upcoming_change_humanized_names)
        ? data.upcoming_change_humanized_names.map(String)
        : [str(data, 'upcoming_change_humanized_name')].filter(Boolean);
      const keys = Array.isArray(data.upcoming_change_names)
        ? data.upcoming_change_names.map(String)
        : [str(data, 'upcoming_change_name')].filter(Boolean);
      const first = names[0] ?? say('notifAChange');
      const available = typeName === 'upcoming_change_available';
      const title =
        names.length > 1
          ? say(available ? 'notifUpcomingMany' : 'notifEnabledMany', [first], names.length - 1)
          : say(available ? 'notifUpcomingOne' : 'notifEnabledOne', [first]);
      return view(title, '', on(`/admin/config/upcoming-changes?changeNamesFilter=${seg(keys.join(','))}`));
    }
    case 'boost':
      return view(plainText(str(data, 'cooked')) || topicTitle, who, topicUrl);
    case 'following':
      return view(say('notifFollowing'), who, who ? on(`/u/${seg(who)}`) : null);
    default:
      // base.js, and any type a plugin added that we have never seen: the topic, else a group inbox,
      // else the user's own notifications page.
      return view(topicTitle, who || str(data, 'username') || str(data, 'original_username'), topicUrl ?? groupInbox);
  }
}

/** `custom` (14): plugins that borrow it say what they are in `data.message` (solved, older assign and events). */
function custom(
  data: Data,
  topicTitle: string,
  who: string,
  topicUrl: string | null,
  view: (title: string, actor: string, url: string | null, label?: string) => NotificationView,
  labelOf: (name: string) => string,
): NotificationView {
  const message = str(data, 'message');
  if (message === 'solved.accepted_notification') return view(topicTitle, who, topicUrl, labelOf('acceptedAnswer'));
  if (message === 'solved.topic_solved_notification') return view(topicTitle, who, topicUrl, labelOf('topicSolved'));
  if (message.startsWith('discourse_assign.'))
    return view(topicTitle, message.includes('group') ? who : '', topicUrl, labelOf('assigned'));
  if (message.startsWith('discourse_post_event.') || message.startsWith('discourse_calendar.'))
    return view(topicTitle, who, topicUrl, labelOf('event'));
  return view(topicTitle, who, topicUrl);
}

/**
 * `/session/current.json`'s counters as the totals `/notifications/totals.json` would send
 * (forums before 3.3 have no totals route; it also leaves out a TL0 user's new messages), so
 * `bellCount` is the header's bubble: `all_unread_notifications_count` (since 2.9, PR #17718),
 * before that the blue and green bubbles side by side.
 */
export function totalsFromCurrentUser(user: {
  username: string;
  unread_notifications?: number | undefined;
  unread_high_priority_notifications?: number | undefined;
  all_unread_notifications_count?: number | undefined;
  new_personal_messages_notifications_count?: number | undefined;
}): Totals {
  const all =
    user.all_unread_notifications_count ??
    (user.unread_notifications ?? 0) + (user.unread_high_priority_notifications ?? 0);
  const messages = user.new_personal_messages_notifications_count;
  return {
    username: user.username,
    unread_notifications: all - (messages ?? 0),
    ...(messages !== undefined ? { unread_personal_messages: messages } : {}),
  };
}

/**
 * The number on the forum's own bell (User#all_unread_notifications_count): unread notifications
 * newer than `seen_notification_id`, at most 99. `/notifications/totals.json` sends it split in two
 * (`unread_notifications` = that count minus new personal messages, `unread_personal_messages`).
 */
export const MAX_UNREAD_NOTIFICATIONS = 99;
export function bellCount(
  totals: { unread_notifications: number; unread_personal_messages?: number | undefined } | null | undefined,
): number {
  if (!totals) return 0;
  const count = totals.unread_notifications + (totals.unread_personal_messages ?? 0);
  return Math.max(0, Math.min(MAX_UNREAD_NOTIFICATIONS, count));
}
