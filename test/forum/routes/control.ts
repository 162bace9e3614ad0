import type { ServerResponse } from 'node:http';
import { sendJson, str, int, type Params } from '../lib/http';
import type { Fault } from '../faults';
import type { Forum } from '../forum';
import type { SettingsPatch } from '../settings';

/**
 * The control API for tests, under a path no real forum uses and only on loopback. It changes
 * the forum the way real users and admins would (a post by someone, a revoked key) or injects
 * faults; it never answers on the forum's own routes.
 */
export const CONTROL_PREFIX = '/__sandbox';

export function controlRoutes(
  forum: Forum,
  method: string,
  path: string,
  body: Params,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const store = forum.store;
  const ok = (data: unknown = { ok: true }) => sendJson(res, 200, data);
  const bad = (message: string) => sendJson(res, 400, { error: message });
  const userNamed = (name: unknown) => (typeof name === 'string' ? store.userByName(name) : undefined);

  if (method === 'GET' && path === '/state') return ok(describe(forum));
  if (method === 'POST' && path === '/reset') {
    forum.reset((body.settings as SettingsPatch | undefined) ?? undefined);
    return ok(describe(forum));
  }
  if (method === 'PUT' && path === '/settings') {
    forum.settings = {
      ...forum.settings,
      ...(body as SettingsPatch),
      limits: { ...forum.settings.limits, ...((body as SettingsPatch).limits ?? {}) },
    };
    return ok(forum.settings);
  }
  if (method === 'POST' && path === '/posts') {
    const user = userNamed(body.username);
    if (!user) return bad('username: unknown user');
    const raw = str(body.raw);
    if (!raw) return bad('raw is required');
    const topicId = int(body.topic_id);
    if (topicId !== undefined) {
      const topic = store.topicById(topicId);
      if (!topic) return bad('topic_id: no such topic');
      const post = store.createPost({ user, topic, raw, replyToPostNumber: int(body.reply_to_post_number) ?? null });
      return ok({ post_id: post.id, topic_id: topic.id, post_number: post.postNumber });
    }
    const recipients =
      typeof body.target_recipients === 'string'
        ? body.target_recipients
            .split(',')
            .map((n) => store.userByName(n.trim()))
            .filter((u) => !!u)
        : [];
    const { topic, post } = store.createTopic({
      user,
      title: str(body.title) ?? 'A topic from the control API',
      raw,
      categoryId: int(body.category) ?? store.categories[0]!.id,
      archetype: recipients.length ? 'private_message' : 'regular',
      recipients,
    });
    return ok({ post_id: post.id, topic_id: topic.id, post_number: post.postNumber });
  }
  if (method === 'POST' && path === '/notifications') {
    // Any type, with the data its Discourse creator writes (notifications.ts); `data` overrides fields of it.
    const user = userNamed(body.username);
    if (!user) return bad('username: unknown user');
    const topic =
      int(body.topic_id) !== undefined
        ? (store.topicById(int(body.topic_id)!) ?? null)
        : (store.topics.find((t) => t.archetype === 'regular') ?? null);
    const post = topic
      ? ((int(body.post_number) !== undefined
          ? store.postsOf(topic.id).find((p) => p.postNumber === int(body.post_number))
          : store.postsOf(topic.id).at(-1)) ?? null)
      : null;
    const actor = userNamed(body.actor) ?? store.users.find((u) => u.id !== user.id) ?? null;
    const data =
      typeof body.data === 'object' && body.data !== null && !Array.isArray(body.data)
        ? (body.data as Record<string, unknown>)
        : {};
    try {
      const notification = store.notify(user.id, str(body.type) ?? 'mentioned', topic, post, actor, data);
      return ok(store.notificationJson(notification));
    } catch (error) {
      return bad((error as Error).message);
    }
  }
  if (method === 'POST' && path === '/users/delete') {
    const username = str(body.username);
    if (!username || !store.deleteUser(username)) return bad('username: unknown user');
    return ok();
  }
  if (method === 'POST' && path === '/watch-category') {
    const user = userNamed(body.username);
    const category = int(body.category_id) !== undefined ? store.categoryById(int(body.category_id)!) : undefined;
    if (!user || !category) return bad('username and category_id are required');
    store.watchCategory(user.id, category.id);
    return ok();
  }
  if (method === 'POST' && path === '/track-topic') {
    const user = userNamed(body.username);
    const topic = int(body.topic_id) !== undefined ? store.topicById(int(body.topic_id)!) : undefined;
    if (!user || !topic) return bad('username and topic_id are required');
    store.trackTopic(user.id, topic.id);
    return ok();
  }
  if (method === 'GET' && path === '/keys') {
    return ok(
      store.userApiKeys.map(({ keyHash: _hash, ...key }) => ({
        ...key,
        username: store.userById(key.userId)?.username,
      })),
    );
  }
  if (method === 'POST' && path === '/revoke') {
    const id = int(body.id);
    const user = userNamed(body.username);
    const keys = store.userApiKeys.filter((k) =>
      id !== undefined ? k.id === id : user ? k.userId === user.id : false,
    );
    if (!keys.length) return bad('no matching key (give id or username)');
    for (const key of keys) key.revokedAt = store.iso();
    return ok({ revoked: keys.map((k) => k.id) });
  }
  if (method === 'POST' && path === '/topics/malform') {
    const topicId = int(body.topic_id);
    if (topicId === undefined || !store.topicById(topicId)) return bad('topic_id: a topic');
    store.malformedTopicIds.add(topicId);
    return ok({ malformed: [...store.malformedTopicIds] });
  }
  if (method === 'POST' && path === '/faults') {
    const kind = str(body.kind) as Fault['kind'] | undefined;
    if (!kind || !['delay', 'status', 'malformed-json', 'drop', 'rate-limit'].includes(kind))
      return bad('kind: delay | status | malformed-json | drop | rate-limit');
    const fault = forum.addFault({
      path: str(body.path) ?? '.*',
      kind,
      ...(str(body.method) ? { method: str(body.method)! } : {}),
      ...(int(body.status) !== undefined ? { status: int(body.status)! } : {}),
      ...(int(body.delayMs) !== undefined ? { delayMs: int(body.delayMs)! } : {}),
      ...(int(body.retryAfterSeconds) !== undefined ? { retryAfterSeconds: int(body.retryAfterSeconds)! } : {}),
      ...(int(body.times) !== undefined ? { times: int(body.times)! } : {}),
      ...(str(body.code) ? { code: str(body.code)! } : {}),
    });
    return ok(fault);
  }
  if (method === 'DELETE' && path === '/faults') {
    forum.faults = [];
    return ok();
  }
  if (method === 'POST' && path === '/device-grants/expire') {
    for (const grant of store.deviceGrants) grant.expiresAt = 0;
    return ok({ expired: store.deviceGrants.length });
  }
  if (method === 'GET' && path === '/log') {
    const since = Number(query.get('since') ?? 0);
    const entries = forum.log.filter((e) => e.at >= since);
    const perKey: Record<string, { requests: number; status429: number }> = {};
    for (const entry of entries) {
      const id = entry.userApiKeyId !== null ? `user_api_key:${entry.userApiKeyId}` : entry.auth;
      const row = (perKey[id] ??= { requests: 0, status429: 0 });
      row.requests++;
      if (entry.status === 429) row.status429++;
    }
    return ok({ entries, perKey });
  }
  if (method === 'DELETE' && path === '/log') {
    forum.log = [];
    return ok();
  }
  sendJson(res, 404, { error: `no control route ${method} ${path}` });
}

export function describe(forum: Forum) {
  return {
    url: forum.baseUrl,
    adminApiKey: forum.accounts.adminApiKey,
    adminUsername: forum.accounts.adminUsername,
    users: forum.accounts.users,
    settings: forum.settings,
  };
}
