import browser from 'webextension-polyfill';
import { ConnectFlows } from './connectFlows';
import { contentScriptFiles } from './contentScripts';
import { extensionStorage } from './extensionStorage';
import { ForumRegistry } from './forumRegistry';
import { createRouter, HandledError, type Sender } from './router';
import { originPattern } from '../discourse/forumUrl';
import { isDiscourseError } from '../discourse/errors';
import { Drafts } from './drafts';
import { ForumContent } from './forumContent';
import { Inbox } from './inbox';
import { LiveUpdates } from './liveUpdates';
import { loadSettings, saveSettings, type Settings } from './settings';
import { acceptPayload, DEFAULT_SCOPES, mintKeyForUser, newHandshake } from '../discourse/userApiKeys';

const POLL_ALARM = 'connect-poll';
const INBOX_ALARM = 'inbox-poll';
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

const inbox = new Inbox(registry, extensionStorage, {
  async show(id, title, message) {
    if (!(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
    await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('icons/icon-128.png'), title, message });
  },
  async forumFocused(baseUrl) {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return !!tab?.url && tab.url.startsWith(`${baseUrl}/`);
  },
});
const content = new ForumContent(registry, extensionStorage);
const live = new LiveUpdates(registry, inbox, () => registry.clientId());
const drafts = new Drafts(extensionStorage);

/** Opens a forum URL in a tab of that forum if one is open (no tab pile-up), else in a new tab. */
async function openOnForum(baseUrl: string, url: string): Promise<void> {
  const origin = new URL(baseUrl).origin;
  const tabs = await browser.tabs.query({ url: `${origin}/*` }).catch(() => []);
  const tab = tabs.find((t) => t.url?.startsWith(`${baseUrl}/`));
  if (tab?.id !== undefined) {
    await browser.tabs.update(tab.id, { url, active: true });
    if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
  } else {
    await browser.tabs.create({ url });
  }
}

async function openNotification(forumId: string, notificationId: number): Promise<void> {
  const forum = await registry.get(forumId);
  const url = await inbox.urlOf(forumId, notificationId);
  if (!forum || !url) throw new HandledError('NotFound', 'That notification is no longer in the inbox.');
  await openOnForum(forum.baseUrl, url);
  await inbox.markRead(forumId, notificationId).catch(() => undefined);
}

/** DiscourseErrors become typed message errors; anything else stays internal. */
function rethrow(error: unknown): never {
  if (isDiscourseError(error)) throw new HandledError(error.kind, error.message, { ...error.details });
  throw error;
}

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
  async 'inbox.get'(request, sender) {
    requireExtensionPage(sender);
    return inbox.view(request.scope, request.refresh ?? false);
  },
  async 'inbox.markRead'(request, sender) {
    requireExtensionPage(sender);
    await inbox.markRead(request.forumId, request.notificationId).catch(rethrow);
    return { ok: true as const };
  },
  async 'inbox.open'(request, sender) {
    requireExtensionPage(sender);
    await openNotification(request.forumId, request.notificationId);
    return { ok: true as const };
  },
  async 'inbox.more'(request, sender) {
    requireExtensionPage(sender);
    return inbox.more(request.forumId, request.offset).catch(rethrow);
  },
  async 'topics.get'(request, sender) {
    requireExtensionPage(sender);
    return content.topics(request.forumId, request.filter, request.categoryId, request.page).catch(rethrow);
  },
  async 'categories.get'(request, sender) {
    requireExtensionPage(sender);
    return { categories: await content.categories(request.forumId).catch(rethrow) };
  },
  async 'topics.open'(request, sender) {
    requireExtensionPage(sender);
    const forum = await registry.get(request.forumId);
    if (!forum) throw new HandledError('NotFound', 'That forum is not connected.');
    await openOnForum(forum.baseUrl, `${forum.baseUrl}/t/topic/${request.topicId}${request.postNumber ? `/${request.postNumber}` : ''}`);
    return { ok: true as const };
  },
  async 'post.raw'(request, sender) {
    requireExtensionPage(sender);
    return content.postRaw(request.forumId, request).catch(rethrow);
  },
  async 'compose.send'(request, sender) {
    requireExtensionPage(sender);
    const result = await content.send(request.draft);
    await drafts.delete(request.draft.id);
    return result;
  },
  async 'drafts.list'(_request, sender) {
    requireExtensionPage(sender);
    return { drafts: await drafts.list() };
  },
  async 'drafts.save'(request, sender) {
    requireExtensionPage(sender);
    await drafts.save(request.draft);
    return { ok: true as const };
  },
  async 'drafts.delete'(request, sender) {
    requireExtensionPage(sender);
    await drafts.delete(request.id);
    return { ok: true as const };
  },
  async 'settings.get'(_request, sender) {
    requireExtensionPage(sender);
    return loadSettings();
  },
  async 'settings.set'(request, sender) {
    requireExtensionPage(sender);
    const settings = await saveSettings(request.settings as Partial<Settings>);
    await inbox.updateBadge();
    return settings;
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
    await inbox.forget(forum.id);
    await inbox.updateBadge();
    const origin = originPattern(forum.baseUrl);
    const others = (await registry.list()).some((f) => originPattern(f.baseUrl) === origin);
    if (!others) await browser.permissions.remove({ origins: [origin] }).catch(() => false);
    return { ok: true as const };
  },
});

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  route(message, { url: sender.url, tabId: sender.tab?.id }),
);

// An open popup holds a port named "live": MessageBus long polling runs while one does.
browser.runtime.onConnect.addListener((port) => {
  if (port.name !== 'live' || !port.sender?.url?.startsWith(browser.runtime.getURL(''))) return;
  const stop = live.watch(() => port.postMessage({ type: 'changed' }));
  port.onDisconnect.addListener(stop);
});

browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete' && tab.url) void flows.tabLoaded(tabId, tab.url);
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === POLL_ALARM) void flows.pollDue();
  if (alarm.name === INBOX_ALARM) void inbox.pollDue();
});

// Chrome's minimum alarm period is 30 s; each forum keeps its own, longer schedule (pollSchedule.ts).
void browser.alarms.get(INBOX_ALARM).then((alarm) => {
  if (!alarm) void browser.alarms.create(INBOX_ALARM, { periodInMinutes: 0.5, delayInMinutes: 0.05 });
});

// Desktop notifications are optional: the API exists only once the user allowed them.
if (browser.notifications?.onClicked) {
  browser.notifications.onClicked.addListener((id) => {
    const [forumId, notificationId] = id.split('|');
    if (forumId && notificationId) void openNotification(forumId, Number(notificationId)).catch(() => undefined);
    void browser.notifications.clear(id);
  });
}

browser.runtime.onInstalled.addListener(({ reason }) => {
  // First run: the options page is where a forum gets connected.
  if (reason === 'install') void browser.runtime.openOptionsPage();
});
