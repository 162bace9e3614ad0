import { DiscourseError, isDiscourseError, said } from '../discourse/errors';
import { acceptPayload, DEFAULT_SCOPES, mintKeyForUser, newHandshake } from '../discourse/userApiKeys';
import type { ForumRecord } from './forumRegistry';
import { fetchFromWorker, registry } from './services';

/**
 * Admin mode: keeps an admin API key (checked against the forum first: it must accept the key
 * for that username, and the user must be an admin), or removes it with an empty key.
 */
export async function setAdminKey(forum: ForumRecord, key: string, username: string) {
  if (!key.trim()) await registry.setAdmin(forum.id, null);
  else {
    const admin = { key: key.trim(), username: username.trim() };
    const me = await (await registry.adminClient(forum.id, admin)).currentUser().catch((error: unknown) => {
      if (isDiscourseError(error, 'InvalidKey')) throw new DiscourseError('InvalidKey', said('errorAdminKeyRefused'));
      throw error;
    });
    if (!me.current_user.admin)
      throw new DiscourseError('Forbidden', said('errorNotAnAdmin', admin.username, forum.title));
    await registry.setAdmin(forum.id, admin);
  }
  return { forum: (await registry.views()).find((f) => f.id === forum.id)! };
}

/** FACTS.md §7: with the admin key, creates a User API key for another account (shown once, never kept). */
export async function mintUserKey(forum: ForumRecord, username: string) {
  const admin = await registry.adminSecret(forum.id);
  if (!admin) throw new DiscourseError('NoAdminKey', said('errorAddAdminKeyFirst'));
  const handshake = await newHandshake(registry.newClientId(), DEFAULT_SCOPES);
  const throttle = await registry.adminThrottle(forum.id);
  const payload = await throttle.task({ lane: 'interactive', write: true }, () =>
    mintKeyForUser(fetchFromWorker, forum.baseUrl, admin, username, handshake),
  );
  const accepted = await acceptPayload(handshake, payload);
  return { username, key: accepted.key, scopes: DEFAULT_SCOPES, expiresAt: accepted.expiresAt };
}
