import { MESSAGES, int, sendError, sendJson, str } from '../lib/http';
import type { Ctx, Route } from '../forum';
import { isHighPriorityType, notificationTypes } from '../notifications';
import { avatarTemplate } from '../serializers/users';
import { publishNotificationState } from '../postAlerter';
import type { Notification } from '../records';
import type { Store } from '../store';

/**
 * What an admin API key may do with other users' notifications (FACTS.md §3.1a), as
 * app/controllers/notifications_controller.rb does it: create, update and destroy are
 * `ensure_admin`; `notification_params` permits notification_type, user_id, data, read, topic_id,
 * post_number and post_action_id; create goes through Notification.consolidate_or_create!. Also
 * the user search Discourse's user chooser calls (UsersController#search_users).
 */

/** SiteSetting defaults of the `liked` consolidation plan (app/services/notifications/consolidation_planner.rb). */
const LIKE_CONSOLIDATION_THRESHOLD = 3;
const LIKE_WINDOW_MS = 120 * 60_000;

function ensureAdmin(ctx: Ctx): boolean {
  if (!ctx.user) sendError(ctx.res, 403, 'not_logged_in', [MESSAGES.notLoggedIn]);
  else if (!ctx.user.admin) sendError(ctx.res, 403, 'invalid_access', [MESSAGES.invalidAccess]);
  return !!ctx.user?.admin;
}

/** `data` is a string column: a nested object is not a permitted scalar and is dropped. */
function dataOf(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {}; // stored as given; Notification#data_hash would fail on it later
  }
}

function recordInvalid(ctx: Ctx, messages: string[]): void {
  sendError(ctx.res, 422, 'record_invalid', messages);
}

/**
 * The `liked` plan: a like from someone who already liked THRESHOLD of the user's posts within the
 * window becomes (or joins) one liked_consolidated notification, and the single likes go.
 * Returns the notification the caller gets back: the consolidated one, or null (no plan applied).
 */
function consolidateLike(
  store: Store,
  userId: number,
  data: Record<string, unknown>,
  now: number,
): Notification | null {
  const liker = data.display_username;
  if (typeof liker !== 'string') return null;
  const recent = (n: Notification) =>
    n.userId === userId && n.data.display_username === liker && now - Date.parse(n.createdAt) < LIKE_WINDOW_MS;
  const consolidated = store.notifications.find(
    (n) => n.notificationType === notificationTypes.liked_consolidated && recent(n),
  );
  if (consolidated) {
    consolidated.data = { ...consolidated.data, count: Number(consolidated.data.count ?? 1) + 1 };
    consolidated.read = false;
    consolidated.createdAt = new Date(now).toISOString();
    publishNotificationState(store, userId, consolidated);
    return consolidated;
  }
  const likes = store.notifications.filter((n) => n.notificationType === notificationTypes.liked && recent(n));
  if (likes.length < LIKE_CONSOLIDATION_THRESHOLD) return null;
  store.notifications = store.notifications.filter((n) => !likes.includes(n));
  return store.addNotification({
    userId,
    notificationType: notificationTypes.liked_consolidated!,
    read: false,
    highPriority: false,
    createdAt: new Date(now).toISOString(),
    topicId: null,
    postNumber: null,
    data: { display_username: liker, username: liker, count: likes.length + 1 },
  });
}

function create(ctx: Ctx): void {
  if (!ensureAdmin(ctx)) return;
  const store = ctx.forum.store;
  const p = ctx.params;
  const type = int(p.notification_type);
  const data = dataOf(p.data);
  const errors = [
    ...(data === null ? ["Data can't be blank"] : []),
    ...(type === undefined ? ["Notification type can't be blank"] : []),
  ];
  if (errors.length) return recordInvalid(ctx, errors);
  const userId = int(p.user_id);
  // Unverified against Discourse (no validation on user_id there; the NOT NULL column and the
  // association fail later): answered as a record error, which is what a client can act on.
  if (userId === undefined || !store.userById(userId)) return recordInvalid(ctx, ['User must exist']);
  const now = store.now();
  if (type === notificationTypes.liked) {
    const merged = consolidateLike(store, userId, data!, now);
    if (merged) return sendJson(ctx.res, 200, store.notificationJson(merged));
  }
  const topicId = int(p.topic_id) ?? null;
  const notification = store.addNotification({
    userId,
    notificationType: type!,
    read: p.read === true || p.read === 'true',
    highPriority: isHighPriorityType(type!),
    createdAt: new Date(now).toISOString(),
    topicId,
    postNumber: topicId === null ? null : (int(p.post_number) ?? null),
    data: data!,
  });
  sendJson(ctx.res, 200, store.notificationJson(notification));
}

function found(ctx: Ctx): Notification | undefined {
  const notification = ctx.forum.store.notifications.find((n) => n.id === Number(ctx.match[1]));
  if (!notification) sendError(ctx.res, 404, 'not_found', [MESSAGES.notFound]);
  return notification;
}

export const adminNotificationRoutes: Route[] = [
  { method: 'POST', path: /^\/notifications$/, action: 'notifications#create', json: true, handler: create },
  {
    method: 'PUT',
    path: /^\/notifications\/(\d+)$/,
    action: 'notifications#update',
    json: true,
    handler: (ctx) => {
      if (!ensureAdmin(ctx)) return;
      const notification = found(ctx);
      if (!notification) return;
      const p = ctx.params;
      if (p.read !== undefined) notification.read = p.read === true || p.read === 'true';
      const data = dataOf(p.data);
      if (data) notification.data = data;
      if (int(p.notification_type) !== undefined) notification.notificationType = int(p.notification_type)!;
      if (p.topic_id !== undefined) notification.topicId = int(p.topic_id) ?? null;
      if (p.post_number !== undefined) notification.postNumber = int(p.post_number) ?? null;
      publishNotificationState(ctx.forum.store, notification.userId, null);
      sendJson(ctx.res, 200, ctx.forum.store.notificationJson(notification));
    },
  },
  {
    method: 'DELETE',
    path: /^\/notifications\/(\d+)$/,
    action: 'notifications#destroy',
    json: true,
    handler: (ctx) => {
      if (!ensureAdmin(ctx)) return;
      const notification = found(ctx);
      if (!notification) return;
      const store = ctx.forum.store;
      store.notifications = store.notifications.filter((n) => n !== notification);
      publishNotificationState(store, notification.userId, null);
      sendJson(ctx.res, 200, { success: 'OK' });
    },
  },
  {
    method: 'GET',
    path: /^\/u\/search\/users$/,
    action: 'users#search_users',
    json: true,
    handler: (ctx) => {
      const term = (str(ctx.query.get('term')) ?? '').trim().toLowerCase().replace(/^@/, '');
      const limit = Math.min(Math.max(int(ctx.query.get('limit')) ?? 20, 1), 50);
      const store = ctx.forum.store;
      const users = term
        ? store.users
            .filter(
              (u) => !u.suspended && (u.username.toLowerCase().startsWith(term) || u.name.toLowerCase().includes(term)),
            )
            .slice(0, limit)
        : [];
      sendJson(ctx.res, 200, {
        users: users.map((u) => ({
          id: u.id,
          username: u.username,
          name: u.name,
          avatar_template: avatarTemplate(store.basePath, u),
        })),
      });
    },
  },
];
