import browser from 'webextension-polyfill';
import { ConnectFlows } from './connectFlows';
import { contentScriptFiles } from './contentScripts';
import { extensionStorage } from './extensionStorage';
import { ForumRegistry } from './forumRegistry';
import { createRouter, HandledError, type Sender } from './router';
import { originPattern } from '../discourse/forumUrl';
import { isDiscourseError } from '../discourse/errors';
import { acceptPayload, DEFAULT_SCOPES, mintKeyForUser, newHandshake } from '../discourse/userApiKeys';

const POLL_ALARM = 'connect-poll';
const fetchFromWorker = (input: string, init?: RequestInit) => fetch(input, init);
const registry = new ForumRegistry(extensionStorage, fetchFromWorker);
const flows = new ConnectFlows(registry, extensionStorage, fetchFromWorker, {
  redirectUrl: () => browser.identity.getRedirectURL(),
  launchWebAuthFlow: (url) => browser.identity.launchWebAuthFlow({ url, interactive: true }),
  openTab: async (url) => (await browser.tabs.create({ url })).id!,
  closeTab: (tabId) => browser.tabs.remove(tabId),
  injectCapture: async (tabId) => {
    await browser.scripting.executeScript({ target: { tabId }, files: [contentScriptFiles.capturePayload] });
  },
  schedulePoll: (on) => {
    if (on) void browser.alarms.create(POLL_ALARM, { periodInMinutes: 0.5 });
    else void browser.alarms.clear(POLL_ALARM);
  },
});

/** Only extension pages may manage forums; content scripts get the few messages meant for them. */
function fromExtensionPage(sender: Sender): boolean {
  return !!sender.url && sender.url.startsWith(browser.runtime.getURL(''));
}
function requireExtensionPage(sender: Sender): void {
  if (!fromExtensionPage(sender)) throw new HandledError('Forbidden', 'Only the extension’s own pages may do that.');
}

// Listeners are registered synchronously at the top level: an MV3 worker woken by an event only
// delivers it to listeners that exist by the end of its first turn.
const route = createRouter({
  async ping(request) {
    return { pong: true, sentAt: request.sentAt, answeredAt: Date.now(), version: browser.runtime.getManifest().version };
  },
  async about() {
    return { version: browser.runtime.getManifest().version, browser: __TARGET__, redirectUrl: browser.identity.getRedirectURL() };
  },
  async 'forums.list'(_request, sender) {
    requireExtensionPage(sender);
    return { forums: await registry.views() };
  },
  async 'connect.start'(request, sender) {
    requireExtensionPage(sender);
    return flows.start(request);
  },
  async 'connect.status'(request, sender) {
    requireExtensionPage(sender);
    return flows.status(request.flowId);
  },
  async 'connect.paste'(request, sender) {
    requireExtensionPage(sender);
    return flows.paste(request.flowId, request.payload);
  },
  async 'connect.cancel'(request, sender) {
    requireExtensionPage(sender);
    await flows.cancel(request.flowId);
    return { ok: true as const };
  },
  async 'connect.captured'(request, sender) {
    await flows.captured(sender.tabId, sender.url, request.payload);
    return { ok: true as const };
  },
  async 'forums.check'(request, sender) {
    requireExtensionPage(sender);
    await registry.use(request.forumId, (client) => client.currentUser({ fresh: true })).catch((error: unknown) => {
      if (!isDiscourseError(error, 'InvalidKey')) throw new HandledError(isDiscourseError(error) ? error.kind : 'Internal', isDiscourseError(error) ? error.message : 'The check failed.');
    });
    const forum = (await registry.views()).find((f) => f.id === request.forumId);
    if (!forum) throw new HandledError('NotFound', 'That forum is not connected.');
    return { forum };
  },
  async 'forums.setAdminKey'(request, sender) {
    requireExtensionPage(sender);
    const forum = await registry.get(request.forumId);
    if (!forum) throw new HandledError('NotFound', 'That forum is not connected.');
    if (!request.key.trim()) await registry.setAdmin(forum.id, null);
    else {
      const admin = { key: request.key.trim(), username: request.username.trim() };
      // Check it before keeping it: the forum must accept the key for that username.
      const me = await (await registry.adminClient(forum.id, admin)).currentUser().catch((error: unknown) => {
        throw new HandledError(isDiscourseError(error) ? error.kind : 'Internal', isDiscourseError(error, 'InvalidKey') ? 'The forum does not accept this admin key for that username.' : isDiscourseError(error) ? error.message : 'The check failed.');
      });
      if (!me.current_user.admin) throw new HandledError('Forbidden', `${admin.username} is not an admin on ${forum.title}.`);
      await registry.setAdmin(forum.id, admin);
    }
    return { forum: (await registry.views()).find((f) => f.id === forum.id)! };
  },
  async 'forums.mintUserKey'(request, sender) {
    requireExtensionPage(sender);
    const forum = await registry.get(request.forumId);
    const admin = forum && (await registry.adminSecret(forum.id));
    if (!forum || !admin) throw new HandledError('NotFound', 'Add an admin key for this forum first.');
    const handshake = await newHandshake(await registry.clientId(), DEFAULT_SCOPES);
    const throttle = await registry.adminThrottle(forum.id);
    let payload = '';
    await throttle.run('interactive', true, async () => {
      payload = await mintKeyForUser(fetchFromWorker, forum.baseUrl, admin, request.username, handshake);
      return new Response(null, { status: 204 });
    }).catch((error: unknown) => {
      throw new HandledError(isDiscourseError(error) ? error.kind : 'Internal', isDiscourseError(error) ? error.message : 'The forum did not create a key.');
    });
    const accepted = await acceptPayload(handshake, payload);
    return { username: request.username, key: accepted.key, scopes: DEFAULT_SCOPES, expiresAt: accepted.expiresAt };
  },
  async 'forums.disconnect'(request, sender) {
    requireExtensionPage(sender);
    const forum = await registry.get(request.forumId);
    if (!forum) throw new HandledError('NotFound', 'That forum is not connected.');
    // Revoke first (best effort: a dead key or a dead network must not keep the forum here).
    await registry.use(forum.id, (client) => client.revokeKey()).catch((error: unknown) => {
      if (!isDiscourseError(error)) throw error;
    });
    await registry.remove(forum.id);
    const origin = originPattern(forum.baseUrl);
    const others = (await registry.list()).some((f) => originPattern(f.baseUrl) === origin);
    if (!others) await browser.permissions.remove({ origins: [origin] }).catch(() => false);
    return { ok: true as const };
  },
});

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  route(message, { url: sender.url, tabId: sender.tab?.id }),
);

browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete' && tab.url) void flows.tabLoaded(tabId, tab.url);
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === POLL_ALARM) void flows.pollDue();
});

browser.runtime.onInstalled.addListener(({ reason }) => {
  // First run: the options page is where a forum gets connected.
  if (reason === 'install') void browser.runtime.openOptionsPage();
});
