import { DiscourseError, isDiscourseError, said } from '../discourse/errors';
import { describeNotification, notificationTypeName } from '../discourse/notifications';
import { say } from '../messages/i18n';
import type { ForumRecord, ForumRegistry } from './forumRegistry';

/** Notification.types[:mentioned]: "someone pointed you at a post" is what the member's menu says. */
const MENTIONED = 1;

export interface NotifyInput {
  username: string;
  topicId?: number | undefined;
  postNumber?: number | undefined;
  note?: string | undefined;
}

/**
 * For admins: notify a member about a post (or with a note), read a member's notifications, and
 * find users as the forum's own user chooser does. Every request goes with the forum's admin key
 * through that key's throttle (admin limits, FACTS.md §2); nothing here uses the user's key.
 */
export class AdminNotifications {
  constructor(private readonly registry: ForumRegistry) {}

  async notify(
    forum: ForumRecord,
    input: NotifyInput,
  ): Promise<{ username: string; consolidated: boolean; checkUrl: string }> {
    const note = input.note?.trim() ?? '';
    if (input.topicId === undefined && !note) throw new DiscourseError('Validation', said('errorNoteOrPost'));
    const { client, admin } = await this.admin(forum);
    const username = input.username.trim().replace(/^@/, '');
    const card = await client.userCard(username, { lane: 'interactive' }).catch((error: unknown) => {
      if (isDiscourseError(error, 'NotFound'))
        throw new DiscourseError('NotFound', said('errorNoSuchUser', username, forum.title));
      throw this.explained(error, forum, admin.username);
    });
    // How the member's menu shows it (FACTS.md §3.1a): the admin as the actor; with a topic, the
    // topic's title and a link to the post; the note in topic_title, shown when there is no topic.
    const data = {
      display_username: admin.username,
      original_username: admin.username,
      ...(note ? { topic_title: note } : {}),
    };
    const created = await client
      .createNotification(
        { userId: card.user.id, type: MENTIONED, topicId: input.topicId, postNumber: input.postNumber, data },
        { lane: 'interactive' },
      )
      .catch((error: unknown) => {
        throw this.explained(error, forum, admin.username);
      });
    return {
      username: card.user.username,
      // consolidate_or_create! answers with the notification it merged this one into. Core has no
      // plan for `mentioned`, but plugins register plans (DiscoursePluginRegistry): say so if one did.
      consolidated: created.notification_type !== MENTIONED || created.user_id !== card.user.id,
      checkUrl: `${forum.baseUrl}/u/${encodeURIComponent(card.user.username)}/notifications`,
    };
  }

  async search(forum: ForumRecord, term: string): Promise<{ username: string; name: string }[]> {
    const cleaned = term.trim().replace(/^@/, '');
    if (cleaned.length < 2) return [];
    const { client, admin } = await this.admin(forum);
    const found = await client.searchUsers(cleaned, 8, { lane: 'interactive' }).catch((error: unknown) => {
      throw this.explained(error, forum, admin.username);
    });
    return found.users.map((u) => ({ username: u.username, name: u.name ?? '' }));
  }

  /** A member's latest notifications as text the page renders as text: never the forum's HTML. */
  async notificationsOf(forum: ForumRecord, name: string) {
    const { client, admin } = await this.admin(forum);
    const username = name.trim().replace(/^@/, '');
    const list = await client.notificationsOf(username, 20, { lane: 'interactive' }).catch((error: unknown) => {
      if (isDiscourseError(error, 'NotFound'))
        throw new DiscourseError('NotFound', said('errorNoSuchUser', username, forum.title));
      throw this.explained(error, forum, admin.username);
    });
    return list.notifications.map((n) => {
      const view = describeNotification(n, {
        baseUrl: forum.baseUrl,
        username,
        typeName: notificationTypeName(n),
        say,
      });
      return {
        id: n.id,
        read: n.read,
        label: view.label,
        actor: view.actor,
        title: view.title,
        url: view.url,
        createdAt: n.created_at,
      };
    });
  }

  private async admin(forum: ForumRecord) {
    const admin = await this.registry.adminSecret(forum.id);
    if (!admin) throw new DiscourseError('NoAdminKey', said('errorAddAdminKeyIn', forum.title));
    return { client: await this.registry.adminClient(forum.id), admin };
  }

  /** The forum's refusals, in words an admin can act on (the key itself never appears). */
  private explained(error: unknown, forum: ForumRecord, adminUsername: string): unknown {
    if (isDiscourseError(error, 'Forbidden') || isDiscourseError(error, 'InvalidKey')) {
      return new DiscourseError('Forbidden', said('errorAdminKeyMayNot', forum.title, adminUsername));
    }
    if (isDiscourseError(error, 'Validation'))
      return new DiscourseError('Validation', said('errorNotificationRefused', forum.title, error.message));
    return error;
  }
}
