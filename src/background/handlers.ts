import browser from 'webextension-polyfill';
import { budgetOf, checkForum, disconnect } from './connectedForums';
import { mintUserKey, setAdminKey } from './adminKeys';
import { openAdminWindow } from './adminWindow';
import { postOfPage, postOnPage, quotePost } from './pagePosts';
import type { ForumRecord } from './forumRegistry';
import { createRouter } from './router';
import {
  adminNotifications,
  topics,
  drafts,
  flows,
  forumTabs,
  fromExtensionPage,
  inbox,
  pages,
  posting,
  readingList,
  registry,
} from './services';
import { exportSettings, importSettings, saveData } from './settingsFile';
import { loadSettings, saveSettings, type Settings } from './settings';
import { dataError, loadUserData, type UserData } from './userData';

/** Runs what a message asks and answers that it is done. */
async function done(work: Promise<unknown>) {
  await work;
  return { ok: true as const };
}

/**
 * Every message the background answers, one line each. Who may send each one is declared with
 * the message (src/messages/catalog/) and enforced by the router before these run; `forum` is the
 * forum the request names, already checked (connected, or the sending page's own).
 */
export const route = createRouter<ForumRecord>(
  {
    // Forums
    ping: async ({ sentAt }) => ({
      pong: true,
      sentAt,
      answeredAt: Date.now(),
      version: browser.runtime.getManifest().version,
    }),
    about: async () => ({
      version: browser.runtime.getManifest().version,
      browser: __TARGET__,
      redirectUrl: browser.identity.getRedirectURL(),
    }),
    'forums.list': async () => ({ forums: await registry.views() }),
    'forums.check': async (_request, { forum }) => checkForum(forum),
    'forums.budget': async (_request, { forum }) => budgetOf(forum),
    'forums.setAdminKey': async ({ key, username }, { forum }) => setAdminKey(forum, key, username),
    'forums.mintUserKey': async ({ username }, { forum }) => mintUserKey(forum, username),
    'forums.disconnect': async (_request, { forum }) => disconnect(forum),
    // Connecting
    'connect.start': async (request) => flows.start(request),
    'connect.status': async ({ flowId }) => flows.status(flowId),
    'connect.paste': async ({ flowId, payload }) => flows.paste(flowId, payload),
    'connect.cancel': async ({ flowId }) => done(flows.cancel(flowId)),
    'connect.captured': async ({ payload }, { sender }) => done(flows.captured(sender.tabId, sender.url, payload)),
    // Inbox
    'inbox.get': async ({ scope, refresh, force }) => inbox.view(scope, refresh ?? false, force ?? false),
    'inbox.markRead': async ({ forumId, notificationId }) => done(inbox.markRead(forumId, notificationId)),
    'inbox.open': async ({ forumId, notificationId }) => done(forumTabs.openNotification(forumId, notificationId)),
    'inbox.more': async ({ forumId, offset }) => inbox.more(forumId, offset),
    // Reading and writing
    'topics.get': async ({ filter, categoryId, page }, { forum }) => topics.topics(forum.id, filter, categoryId, page),
    'topics.open': async ({ topicId, postNumber }, { forum }) =>
      done(forumTabs.open(forum.baseUrl, `${forum.baseUrl}/t/topic/${topicId}${postNumber ? `/${postNumber}` : ''}`)),
    'categories.get': async (_request, { forum }) => ({ categories: await topics.categories(forum.id) }),
    'post.raw': async (request, { forum }) => topics.postRaw(forum.id, request),
    'compose.send': async ({ draft }) => {
      const result = await posting.send(draft);
      await drafts.delete(draft.id);
      return result;
    },
    'drafts.list': async () => ({ drafts: await drafts.list() }),
    'drafts.save': async ({ draft }) => done(drafts.save(draft)),
    'drafts.delete': async ({ id }) => done(drafts.delete(id)),
    // Forum pages
    'content.init': async (_request, { sender }) => pages.init(sender),
    'content.postRaw': async ({ postId }, { forum, sender }) => ({
      raw: (await postOnPage(forum, sender, postId)).raw,
    }),
    'content.quote': async ({ postId, topicTitle }, { forum, sender }) => quotePost(forum, sender, postId, topicTitle),
    'content.saveForLater': async (request, { forum, sender }) =>
      done(readingList.save(forum, postOfPage(forum, sender, request))),
    'content.pageUnread': async ({ count, since, visible }, { forum, sender }) =>
      done(pages.pageUnread(forum, count, since ?? 0, { tabId: sender.tabId, visible: visible ?? false })),
    'content.setNote': async ({ username, note }, { forum }) =>
      done(pages.setNote(forum, username, note).catch(dataError)),
    // Admin key
    'admin.notify': async (request, { forum }) => adminNotifications.notify(forum, request),
    'admin.openPanel': async (request, { forum, sender }) => openAdminWindow(forum, request, sender),
    'admin.searchUsers': async ({ term }, { forum }) => ({ users: await adminNotifications.search(forum, term) }),
    'admin.notificationsOf': async ({ username }, { forum }) => ({
      notifications: await adminNotifications.notificationsOf(forum, username),
    }),
    // The user's data
    'settings.get': async () => loadSettings(),
    'settings.set': async ({ settings }) => {
      const saved = await saveSettings(settings as Partial<Settings>);
      await inbox.updateBadge();
      return saved;
    },
    'readingList.get': async () => ({ items: await readingList.list() }),
    'readingList.remove': async ({ forumId, topicId, postNumber }) =>
      done(readingList.remove(forumId, topicId, postNumber)),
    'data.get': async () => loadUserData(),
    'data.set': async ({ data }) => saveData(data as Partial<UserData>),
    'data.export': async () => exportSettings(),
    'data.import': async ({ text }) => importSettings(text),
  },
  {
    isExtensionPage: fromExtensionPage,
    connectedForum: (forumId) => registry.connected(forumId),
    pageForum: (sender, forumId) => pages.own(sender, forumId),
  },
);
