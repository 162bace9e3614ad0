import { expect, test } from './harness';
import { deviceFlow } from './harness/sandbox';

// Keys never leave their forum (issue 12): after connecting (and adding an admin key), no key is
// in storage.local or storage.sync, and a content script on the forum's page finds none.

declare const chrome: {
  runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; data?: unknown }> };
  storage: { local: { get(k: null): Promise<object> }; sync: { get(k: null): Promise<object> } };
  tabs: { query(q: object): Promise<{ id: number; url?: string }[]>; create(o: object): Promise<{ id: number }> };
  scripting: { executeScript(o: object): Promise<{ result: unknown }[]> };
};

test.describe('in both browsers', () => {
  test('no key in storage.local or storage.sync, and a content script on the forum reaches none', async ({
    extension,
    sandbox: forum,
  }) => {
    const sandbox = await forum();
    const store = sandbox.forum.store;
    const options = await extension.openPage('src/options/index.html');
    await deviceFlow(extension, options, sandbox);
    await options.waitForText('[data-testid=forum-status]', /Connected as tess/, 20_000);
    const forumId = (await options.evaluate(() =>
      document.querySelector('[data-testid=forum-list] li')!.getAttribute('data-forum-id'),
    ))!;
    const adminKey = store.adminApiKeys[0]!.key;
    expect(
      (
        await options.evaluateWith((m: object) => chrome.runtime.sendMessage(m), {
          type: 'forums.setAdminKey',
          forumId,
          key: adminKey,
          username: 'ada',
        })
      ).ok,
    ).toBe(true);

    const dump = await options.evaluate(async () =>
      JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)]),
    );
    const userKeysIn = (text: string) =>
      [...text.matchAll(/[0-9a-f]{32}/g)].map((m) => m[0]).filter((candidate) => store.findUserApiKey(candidate));
    expect(userKeysIn(dump)).toEqual([]);
    expect(dump).not.toContain(adminKey);
    expect(dump).not.toMatch(/"secret:/);

    // A content script on the forum's own page: what can it read?
    const tab = await extension.openTab(`${sandbox.url}/latest`);
    await tab.waitFor('html[data-discourse-companion=ready]', 15_000);
    const reached = await options.evaluateWith(async (url: string) => {
      // Match patterns cannot hold a port in Firefox: find the tab by its URL.
      const target = (await chrome.tabs.query({})).find((t) => t.url?.startsWith(`${url}/`));
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: target!.id },
        func: async () => {
          try {
            const local = JSON.stringify(await chrome.storage.local.get(null));
            // storage.session (the throttle's and the visible tabs' state) is for the extension's own pages.
            const area = (chrome.storage as unknown as { session?: { get(k: null): Promise<object> } }).session;
            const session = area
              ? await area.get(null).then(
                  (items) => JSON.stringify(items),
                  () => null,
                )
              : null;
            // The extension's database belongs to the extension's origin; here indexedDB is the page's.
            const names = (await indexedDB.databases()).map((d) => d.name);
            return { local, session, databases: names };
          } catch (error) {
            return { local: '', session: null, databases: [], error: String(error) };
          }
        },
      });
      return result!.result as { local: string; session: string | null; databases: string[]; error?: string };
    }, sandbox.url);
    expect(reached.error).toBeUndefined();
    expect(userKeysIn(reached.local)).toEqual([]);
    expect(reached.local).not.toContain(adminKey);
    expect(reached.databases).not.toContain('discourse-companion-secrets');
    expect(reached.session).toBeNull();
    console.log(
      `a content script reads storage.local (${reached.local.length} characters, no key) and sees databases ${JSON.stringify(reached.databases)}`,
    );

    // The key still works from where it lives now: the inbox loads.
    const popup = await extension.openPage('src/popup/index.html');
    await popup.waitFor('[data-testid=notification]', 15_000);
  });
});
