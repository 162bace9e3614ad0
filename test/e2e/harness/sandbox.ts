import { Forum } from '../../forum/forum';
import type { SettingsPatch } from '../../forum/settings';
import type { ExtensionPage } from './extensionPage';

/** A sandbox forum for one e2e case, with the helpers cases need. */
export async function sandboxForum(patch: SettingsPatch = {}) {
  const forum = new Forum({ ...patch, limits: { limitLoopback: false, ...(patch.limits ?? {}) } });
  const url = await forum.listen(0);
  return {
    forum,
    url: forum.baseUrl,
    origin: url,
    control: (method: string, path: string, body?: unknown) =>
      fetch(`${url}/__sandbox${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) }).then((r) => r.json()),
    close: () => forum.close(),
  };
}
export type Sandbox = Awaited<ReturnType<typeof sandboxForum>>;

/** Logs in on the forum's login form if the tab is there (Discourse sends anonymous users to /login). */
export async function logInIfAsked(page: ExtensionPage, username = 'tess'): Promise<void> {
  await page.waitFor('#login-form, .authorize-api-key', 15_000);
  if ((await page.count('#login-form')) === 0) return;
  await page.fill('#login-account-name', username);
  await page.fill('#login-account-password', `${username}-password`);
  await page.click('#login-button');
}

/**
 * Connects a sandbox forum without clicking through a flow (the connect flows have their own
 * tests): mints a key on the forum and stores it the way the background's ForumRegistry does.
 */
export async function seedConnection(page: ExtensionPage, sandbox: Sandbox, username = 'tess', scopes = ['read', 'write', 'notifications', 'session_info', 'message_bus']) {
  const store = sandbox.forum.store;
  const user = store.userByName(username)!;
  const clientId = 'e2e-client';
  const { key } = store.addUserApiKey({ userId: user.id, clientId, applicationName: 'Discourse Companion', scopes, push: false, expiresAt: null });
  const id = sandbox.url.replace(/^https?:\/\//, '').replace(/[^a-z0-9.-]+/gi, '_');
  const record = {
    id,
    baseUrl: sandbox.url,
    title: sandbox.forum.settings.title,
    logoUrl: null,
    username: user.username,
    userId: user.id,
    avatarTemplate: `/letter_avatar_proxy/v4/letter/${user.username[0]}/3ab54a/{size}.png`,
    flow: 'device',
    scopes,
    expiresAt: null,
    connectedAt: Date.now(),
    status: 'connected',
  };
  await page.evaluateWith(
    async ({ record, key, clientId }) => {
      type Storage = { storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } } };
      const scope = globalThis as unknown as { browser?: Storage; chrome: Storage };
      const api = scope.browser ?? scope.chrome;
      const { forums = [] } = (await api.storage.local.get('forums')) as { forums?: { id: string }[] };
      await api.storage.local.set({ forums: [...forums.filter((f) => f.id !== record.id), record], [`secret:${record.id}`]: { userApiKey: key }, clientId });
    },
    { record, key, clientId },
  );
  return id;
}
