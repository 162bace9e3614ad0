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
