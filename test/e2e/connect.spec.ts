import { expect, test } from './harness';
import { approvalPageFlow, deviceFlow, logInIfAsked, startConnect, type Sandbox } from './harness/sandbox';
import type { ExtensionPage } from './harness';

// Connecting forums, every flow, against the sandbox forum (FACTS.md §1).

async function connectedAs(options: ExtensionPage, pattern = /Connected as tess/) {
  return options.waitForText('[data-testid=forum-status]', pattern, 20_000);
}

/** Signs in to the sandbox from Node and asks for a payload for the approval URL's key pair, as a user copying it by hand would. */
async function payloadFor(sandbox: Sandbox, authUrl: string, override: Record<string, string> = {}): Promise<string> {
  const login = await fetch(`${sandbox.url}/session`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'login=tess&password=tess-password',
  });
  const cookie = login.headers
    .getSetCookie()
    .find((c) => c.startsWith('_t='))!
    .split(';')[0]!;
  const page = await (await fetch(`${sandbox.url}/latest`, { headers: { Cookie: cookie } })).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page)![1]!;
  const params = Object.fromEntries(new URL(authUrl).searchParams);
  const res = await fetch(`${sandbox.url}/user-api-key.json`, {
    method: 'POST',
    headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...params, ...override }),
  });
  return ((await res.json()) as { payload: string }).payload;
}

test('device flow: the code is shown, typed on the forum, and the forum connects', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum({ timeScale: 0.2 });
  const options = await extension.openPage('src/options/index.html');
  await deviceFlow(extension, options, sandbox);
  await connectedAs(options);
  const keys = await sandbox.control('GET', '/keys');
  expect(keys).toEqual([
    expect.objectContaining({ username: 'tess', applicationName: 'Discourse Companion', revokedAt: null }),
  ]);
  await options.screenshot('connect-device-flow');
});

test('no-redirect flow on an old forum: the payload is read off the page (PKCS#1 v1.5) and the tab closes', async ({
  extension,
  sandbox: forum,
}) => {
  const sandbox = await forum({ oldForum: true });
  const options = await extension.openPage('src/options/index.html');
  await approvalPageFlow(extension, options, sandbox);
  await connectedAs(options);
  await expect(extension.waitForTab(/\/user-api-key/, 1_500)).rejects.toThrow(/No tab|no extension page/);
});

test.describe('every flow and state, in both browsers', () => {
  test('redirect flow: a forum that allowlists the extension redirect completes through launchWebAuthFlow', async ({
    extension,
    sandbox: forum,
  }) => {
    // Each browser's identity API has its own redirect host.
    const sandbox = await forum({
      oldForum: true,
      allowedRedirects: ['https://*.chromiumapp.org/', 'https://*.extensions.allizom.org/'],
    });
    const options = await extension.openPage('src/options/index.html');
    await startConnect(options, sandbox.url, { allowsRedirect: true });
    const auth = await extension.waitForTab(/\/(login|user-api-key\/new)/);
    await logInIfAsked(auth);
    await auth.waitFor('.authorize-api-key__redirect');
    // The forum redirects to the extension's redirect URL and Chrome closes the window at once.
    await auth.click('#authorize-form [type=submit]').catch((error: Error) => {
      if (!/closed/.test(error.message)) throw error;
    });
    await connectedAs(options);
    expect((await sandbox.control('GET', '/keys'))[0].username).toBe('tess');
  });

  test('redirect flow refused: without the allowlist entry the extension says so and uses the approval page', async ({
    extension,
    sandbox: forum,
  }) => {
    const sandbox = await forum({ oldForum: true });
    const options = await extension.openPage('src/options/index.html');
    await startConnect(options, sandbox.url, { allowsRedirect: true });
    await options.waitForText('[data-testid=connect-message]', /does not allowlist/);
    expect(
      await options.evaluate(() => document.querySelector('[data-testid=connect-flow]')!.getAttribute('data-method')),
    ).toBe('no_redirect');
  });

  test('paste: a key copied from the forum by hand connects; a payload for another nonce is refused and the box stays open', async ({
    extension,
    sandbox: forum,
  }) => {
    const sandbox = await forum({ oldForum: true });
    const options = await extension.openPage('src/options/index.html');
    await startConnect(options, sandbox.url);
    await options.waitFor('.paste a');
    const authUrl = (await options.evaluate(() => document.querySelector('.paste a')!.getAttribute('href')))!;
    await options.fill('textarea[name=payload]', await payloadFor(sandbox, authUrl, { nonce: 'not-the-right-nonce' }));
    await options.click('.paste button[type=submit]');
    await options.waitForText('[data-testid=connect-message]', /nonce/);
    await options.fill('textarea[name=payload]', await payloadFor(sandbox, authUrl));
    await options.click('.paste button[type=submit]');
    await connectedAs(options);
  });

  test('device flow denied on the forum: the extension says nothing was connected', async ({
    extension,
    sandbox: forum,
  }) => {
    const sandbox = await forum({ timeScale: 0.2 });
    const options = await extension.openPage('src/options/index.html');
    await deviceFlow(extension, options, sandbox, { deny: true });
    await options.waitForText('[data-testid=connect-message]', /chose Deny/);
    expect(await options.count('[data-testid=forum-list] li')).toBe(0);
  });

  test('device flow expired: the extension says the code expired', async ({ extension, sandbox: forum }) => {
    const sandbox = await forum({ timeScale: 0.2 });
    const options = await extension.openPage('src/options/index.html');
    await startConnect(options, sandbox.url);
    await options.waitForText('[data-testid=user-code]', /-/);
    await sandbox.control('POST', '/device-grants/expire');
    await options.waitForText('[data-testid=connect-message]', /expired/, 15_000);
  });

  test('a revoked key marks the forum "needs reconnect"; reconnecting restores it', async ({
    extension,
    sandbox: forum,
  }) => {
    const sandbox = await forum({ timeScale: 0.2 });
    const options = await extension.openPage('src/options/index.html');
    await deviceFlow(extension, options, sandbox);
    await connectedAs(options);
    await sandbox.control('POST', '/revoke', { username: 'tess' });
    await options.click('[data-testid=forum-list] li button:nth-of-type(1)');
    await options.waitForText('[data-testid=forum-status]', /Needs reconnect/);
    await options.click('[data-testid=forum-list] li .actions button');
    expect(
      await options.evaluate(() => (document.querySelector('input[name=forum-url]') as HTMLInputElement).value),
    ).toBe(sandbox.url);
    await deviceFlow(extension, options, sandbox);
    await connectedAs(options);
  });

  test('two forums at once, then disconnect revokes one key and keeps the other forum', async ({
    extension,
    sandbox: forum,
  }) => {
    const first = await forum({ timeScale: 0.2, title: 'First Forum' });
    const second = await forum({ timeScale: 0.2, title: 'Second Forum' });
    const options = await extension.openPage('src/options/index.html');
    options.acceptDialogs();
    await deviceFlow(extension, options, first);
    await connectedAs(options);
    await deviceFlow(extension, options, second);
    await options.waitForText('[data-testid=forum-list]', /First Forum[\s\S]*Second Forum/, 20_000);
    expect(await options.count('[data-testid=forum-list] li[data-status=connected]')).toBe(2);
    // Opening the inbox caches both forums' notifications.
    const popup = await extension.openPage('src/popup/index.html');
    await popup.waitFor('[data-testid=notification]', 15_000);
    const cacheKeys = () =>
      options.evaluate(async () => {
        const scope = globalThis as unknown as {
          browser?: { storage: { local: { get(): Promise<object> } } };
          chrome: { storage: { local: { get(): Promise<object> } } };
        };
        return Object.keys(await (scope.browser ?? scope.chrome).storage.local.get())
          .filter((k) => k.startsWith('cache:'))
          .sort();
      });
    const firstId = (await options.evaluate(() =>
      document.querySelector('[data-testid=forum-list] li:first-child')!.getAttribute('data-forum-id'),
    ))!;
    expect(await cacheKeys()).toHaveLength(2);
    await options.click('[data-testid=forum-list] li:first-child .actions button:last-child');
    await options.waitForText('[data-testid=forum-list]', /^(?![\s\S]*First Forum)[\s\S]*Second Forum/);
    expect((await first.control('GET', '/keys'))[0].revokedAt).not.toBeNull();
    // The disconnected forum's cache goes too; the other forum's stays.
    await expect.poll(cacheKeys).toHaveLength(1);
    expect(await cacheKeys()).not.toContain(`cache:${firstId}`);
    expect((await second.control('GET', '/keys'))[0].revokedAt).toBeNull();
  });

  test('admin mode: an admin key is checked and kept, and mints a User API key for another account, shown once', async ({
    extension,
    sandbox: forum,
  }) => {
    const sandbox = await forum({ timeScale: 0.2 });
    const options = await extension.openPage('src/options/index.html');
    await deviceFlow(extension, options, sandbox);
    await connectedAs(options);
    await options.click('.admin-key summary');
    await options.fill('input[name=admin-key]', 'wrong-key');
    await options.fill('input[name=admin-username]', 'ada');
    await options.click('.admin-key form button[type=submit]');
    await options.waitForText('[data-testid=admin-message]', /does not accept/);
    await options.fill('input[name=admin-key]', sandbox.forum.accounts.adminApiKey);
    await options.click('.admin-key form button[type=submit]');
    await options.waitForText('[data-testid=admin-message]', /saved/);
    await options.fill('input[name=mint-username]', 'jonas');
    await options.click('.admin-key form:nth-of-type(2) button[type=submit]');
    const text = await options.waitForText('[data-testid=minted-key] code', /^[0-9a-f]{32}$/);
    const me = await fetch(`${sandbox.url}/session/current.json`, {
      headers: { 'User-Api-Key': text, 'User-Api-Client-Id': 'any' },
    }).then((r) => r.json());
    expect(me.current_user.username).toBe('jonas');
  });

  test('a forum that does not allow the write scope: the refusal is said plainly, and a read-only connection works', async ({
    extension,
    sandbox: forum,
  }) => {
    const sandbox = await forum({
      oldForum: true,
      allowedScopes: ['read', 'notifications', 'session_info', 'message_bus'],
    });
    const options = await extension.openPage('src/options/index.html');
    await startConnect(options, sandbox.url);
    await options.waitForText('[data-testid=connect-message]', /refused this connection request[\s\S]*read-only/);
    await options.click('input[name=read-only]');
    await options.click('.connect-form form button.primary');
    const tab = await extension.waitForTab(/\/(login|user-api-key\/new)/);
    await logInIfAsked(tab);
    await tab.waitFor('#authorize-form [type=submit]');
    await tab.click('#authorize-form [type=submit]');
    await connectedAs(options);
    await options.waitForText(
      '[data-testid=forum-list] dd:nth-of-type(2)',
      /^read, notifications, session_info, message_bus$/,
    );
  });
});
