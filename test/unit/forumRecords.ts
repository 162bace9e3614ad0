import type { ForumRecord, ForumRegistry } from '../../src/background/forumRegistry';
import type { Forum } from '../forum/forum';

/** A connected forum as the registry keeps it, for tests that never reach the forum itself. */
export function forumRecord(id: string): ForumRecord {
  return {
    id,
    baseUrl: `https://${id}`,
    title: id,
    logoUrl: null,
    username: 'tess',
    userId: 3,
    avatarTemplate: '',
    flow: 'device',
    scopes: ['read'],
    expiresAt: null,
    connectedAt: 0,
    status: 'connected',
  };
}

/**
 * Connects the sandbox forum's tess to `registry` as forum "sandbox", with a real User API key.
 * `limits` undefined: the throttle's defaults.
 */
export async function connectTess(forum: Forum, registry: ForumRegistry, limits: ForumRecord['limits'] | undefined) {
  const tess = forum.store.userByName('tess')!;
  const scopes = ['read', 'write', 'notifications', 'session_info'];
  const { key } = forum.store.addUserApiKey({
    userId: tess.id,
    clientId: 'unit',
    applicationName: 'unit',
    scopes,
    push: false,
    expiresAt: null,
  });
  const record: ForumRecord = {
    ...forumRecord('sandbox'),
    baseUrl: forum.baseUrl,
    title: 'Sandbox',
    userId: tess.id,
    scopes,
    ...(limits ? { limits } : {}),
  };
  await registry.save(record, key);
  return tess;
}
