import { Forum } from '../../forum/forum';
import type { SettingsPatch } from '../../forum/settings';
import type { ExtensionPage, ExtensionSession } from './extensionPage';

/** A sandbox forum for one e2e case, with the helpers cases need. */
export async function sandboxForum(patch: SettingsPatch = {}) {
  const forum = new Forum({ ...patch, limits: { limitLoopback: false, ...(patch.limits ?? {}) } });
  const url = await forum.listen(0);
  return {
    forum,
    url: forum.baseUrl,
    origin: url,
    control: (method: string, path: string, body?: unknown) =>
      fetch(`${url}/__sandbox${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then((r) => r.json()),
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
export async function seedConnection(
  page: ExtensionPage,
  sandbox: Sandbox,
  username = 'tess',
  scopes = ['read', 'write', 'notifications', 'session_info', 'message_bus'],
) {
  const store = sandbox.forum.store;
  const user = store.userByName(username)!;
  const clientId = 'e2e-client';
  const { key } = store.addUserApiKey({
    userId: user.id,
    clientId,
    applicationName: 'Discourse Companion',
    scopes,
    push: false,
    expiresAt: null,
  });
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
      type Storage = {
        storage: {
          local: {
            get(key: string): Promise<Record<string, unknown>>;
            set(items: Record<string, unknown>): Promise<void>;
          };
        };
      };
      const scope = globalThis as unknown as { browser?: Storage; chrome: Storage };
      const api = scope.browser ?? scope.chrome;
      const { forums = [] } = (await api.storage.local.get('forums')) as { forums?: { id: string }[] };
      await api.storage.local.set({
        forums: [...forums.filter((f) => f.id !== record.id), record],
        [`secret:${record.id}`]: { userApiKey: key },
        clientId,
      });
    },
    { record, key, clientId },
  );
  return id;
}

/** Connects `sandbox` as tess, opens the popup and waits for its inbox (or `ready`). */
export async function openConnectedPopup(
  extension: ExtensionSession,
  sandbox: Sandbox,
  ready = '[data-testid=notification]',
) {
  const options = await extension.openPage('src/options/index.html');
  await seedConnection(options, sandbox);
  const popup = await extension.openPage('src/popup/index.html');
  await popup.waitFor(ready, 15_000);
  return { options, popup };
}

export async function startConnect(options: ExtensionPage, url: string, { allowsRedirect = false } = {}) {
  await options.fill('input[name=forum-url]', url);
  if (allowsRedirect) await options.click('input[name=allows-redirect]');
  await options.click('.connect-form form button.primary');
}

/** The approval-page flow (older forums): connect, log in on the forum's tab if asked, Authorize. */
export async function approvalPageFlow(extension: ExtensionSession, options: ExtensionPage, sandbox: Sandbox) {
  await startConnect(options, sandbox.url);
  const tab = await extension.waitForTab(/\/(login|user-api-key\/new)/);
  await logInIfAsked(tab);
  await tab.waitFor('#authorize-form [type=submit]');
  await tab.click('#authorize-form [type=submit]');
}

/** In the popup's composer: edit the post at `postUrl` (loads its raw text into the editor). */
export async function editInComposer(popup: ExtensionPage, postUrl: string) {
  // The composer loads after the inbox has painted (and then its drafts): wait until it is there.
  await popup.waitFor('form.composer select[name=kind]', 15_000);
  await popup.evaluate(() => {
    const kind = document.querySelector<HTMLSelectElement>('select[name=kind]')!;
    kind.value = 'edit';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await popup.fill('input[name=post-link]', postUrl);
  await popup.click('form.composer .row button[type=button]');
}

/** Runs the device flow up to Authorize (or, with `deny`, through a manually entered code to Deny). */
export async function deviceFlow(
  extension: ExtensionSession,
  options: ExtensionPage,
  sandbox: Sandbox,
  { deny = false } = {},
) {
  await startConnect(options, sandbox.url);
  const code = await options.waitForText('[data-testid=user-code]', /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const verification = (await options.evaluate(() => document.querySelector('.device-code a')!.getAttribute('href')))!;
  const token = new URL(verification).searchParams.get('request')!;
  // This attempt's tab: at its own request token, or at the login page it was sent to first.
  const tab = await extension.waitForTab(
    new RegExp(`${sandbox.origin.replace(/[.]/g, '\\.')}/(login$|user-api-key/activate\\?request=${token})`),
  );
  await logInIfAsked(tab);
  if (deny) {
    await tab.waitFor('#device-form');
    await tab.evaluate(() =>
      location.assign(
        `${document.querySelector<HTMLMetaElement>('meta#data-discourse-setup')!.dataset.baseUrl}/user-api-key/activate`,
      ),
    );
    await tab.waitFor('button[data-user-api-key-code-submit]');
    await tab.fill('#user-api-key-device-code', code);
    await tab.click('button[data-user-api-key-code-submit]');
    await tab.waitFor('button[data-action=deny]');
    await tab.click('button[data-action=deny]');
    await tab.waitForText('.authorize-api-key h1', /Access denied/);
    return;
  }
  await tab.waitFor('#device-form #user-api-key-device-code');
  await tab.fill('#user-api-key-device-code', code);
  await tab.click('button[data-action=authorize]');
  // The forum says so, unless the extension's poll already saw the key and closed its tab.
  await tab.waitForText('.authorize-api-key h1', /Device connected/).catch(async (error: unknown) => {
    if (!(await tab.closed())) throw error;
  });
}
