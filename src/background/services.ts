import browser from 'webextension-polyfill';
import { ConnectFlows } from './connectFlows';
import { contentScriptFiles } from './contentScripts';
import { Drafts } from './drafts';
import { extensionStorage } from './extensionStorage';
import { ForumTabs } from './forumTabs';
import { ForumTopics } from './forumTopics';
import { ForumRegistry } from './forumRegistry';
import { Inbox } from './inbox';
import { indexedDbSecrets } from './secretStore';
import { LiveUpdates } from './liveUpdates';
import { PageSupport } from './pageSupport';
import { Posting } from './posting';
import { ReadingList } from './readingList';
import type { Sender } from './router';
import { AdminNotifications } from './adminNotifications';

/** The background's services, built once per worker start, and the helpers handlers share. */
export const CONNECT_POLL_ALARM = 'connect-poll';
export const INBOX_ALARM = 'inbox-poll';
export const INBOX_NEXT_ALARM = 'inbox-next';
/** How long without input counts as away (the idle API's minimum is 15 s). */
export const IDLE_SECONDS = 120;
export const fetchFromWorker = (input: string, init?: RequestInit) => fetch(input, init);
export const registry = new ForumRegistry(extensionStorage, indexedDbSecrets, fetchFromWorker);
export const flows = new ConnectFlows(registry, extensionStorage, fetchFromWorker, {
  redirectUrl: () => browser.identity.getRedirectURL(),
  launchWebAuthFlow: (url) => browser.identity.launchWebAuthFlow({ url, interactive: true }),
  openTab: async (url) => (await browser.tabs.create({ url })).id!,
  closeTab: (tabId) => browser.tabs.remove(tabId),
  injectCapture: async (tabId) => {
    await browser.scripting.executeScript({ target: { tabId }, files: [contentScriptFiles.capturePayload] });
  },
  schedulePoll: (on) => {
    if (on) void browser.alarms.create(CONNECT_POLL_ALARM, { periodInMinutes: 0.5 });
    else void browser.alarms.clear(CONNECT_POLL_ALARM);
  },
});

export const inbox = new Inbox(registry, extensionStorage, {
  async show(id, title, message) {
    if (!(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title,
      message,
    });
  },
  async forumFocused(baseUrl) {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return !!tab?.url && tab.url.startsWith(`${baseUrl}/`);
  },
  async userAway() {
    return (await browser.idle.queryState(IDLE_SECONDS).catch(() => 'active')) !== 'active';
  },
  async wakeAt(at) {
    // One exact alarm for the next due forum (Chrome rounds anything sooner up to 30 s); the
    // periodic INBOX_ALARM stays as the safety net if this one is lost with a killed worker.
    await browser.alarms.create(INBOX_NEXT_ALARM, { when: Math.max(at, Date.now() + 1_000) });
  },
});
export const topics = new ForumTopics(registry, extensionStorage);
export const posting = new Posting(registry, topics);
export const drafts = new Drafts(extensionStorage);
export const live = new LiveUpdates(registry, inbox, (forumId) => registry.clientId(forumId), extensionStorage);
export const adminNotifications = new AdminNotifications(registry);
export const forumTabs = new ForumTabs(registry, inbox);
export const readingList = new ReadingList(extensionStorage);
export const pages = new PageSupport(registry, drafts, (forumId, count, since, tab) =>
  inbox.setPageUnread(forumId, count, since, tab),
);

/** Only extension pages may manage forums; content scripts get the few messages meant for them. */
export function fromExtensionPage(sender: Sender): boolean {
  return !!sender.url && sender.url.startsWith(browser.runtime.getURL(''));
}
