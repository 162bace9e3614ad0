import browser from 'webextension-polyfill';
import { isDiscourseError, said } from '../discourse/errors';
import { originPattern } from '../discourse/forumUrl';
import { acceptPayload, DEFAULT_SCOPES, mintKeyForUser, newHandshake } from '../discourse/userApiKeys';
import type { ForumRecord } from './forumRegistry';
import { createRouter, HandledError, type Sender } from './router';
import {
  adminNotifications,
  applyOverrides,
  connectedForum,
  content,
  dataError,
  drafts,
  fetchFromWorker,
  flows,
  forumForUiOrPage,
  fromExtensionPage,
  inbox,
  openNotification,
  openOnForum,
  pages,
  registry,
  requireExtensionPage,
} from './services';
import { loadSettings, saveSettings, type Settings } from './settings';
import { describeIssue, exportSchema, loadUserData, saveUserData, type UserData } from './userData';

/** Every message the background answers, each checking who may send it. */
export const route = createRouter({
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
    // A dead key is the answer here, not a failure: the forum now shows "needs reconnect".
    const me = await registry.use(request.forumId, (client) => client.currentUser({ fresh: true })).catch((error: unknown) => {
      if (!isDiscourseError(error, 'InvalidKey')) throw error;
      return null;
    });
    // Trust level and staff set the per-action limits the throttle keeps to; they change over time.
    if (me) await registry.update(request.forumId, { trustLevel: me.current_user.trust_level, staff: !!(me.current_user.admin || me.current_user.moderator) });
    const forum = (await registry.views()).find((f) => f.id === request.forumId);
    if (!forum) throw new HandledError('NotFound', said('errorForumNotConnected'));
    return { forum };
  },
  async 'forums.setAdminKey'(request, sender) {
    requireExtensionPage(sender);
    const forum = await connectedForum(request.forumId);
    if (!request.key.trim()) await registry.setAdmin(forum.id, null);
    else {
      const admin = { key: request.key.trim(), username: request.username.trim() };
      // Check it before keeping it: the forum must accept the key for that username.
      const me = await (await registry.adminClient(forum.id, admin)).currentUser().catch((error: unknown) => {
        if (isDiscourseError(error, 'InvalidKey')) throw new HandledError('InvalidKey', said('errorAdminKeyRefused'));
        throw error;
      });
      if (!me.current_user.admin) throw new HandledError('Forbidden', said('errorNotAnAdmin', admin.username, forum.title));
      await registry.setAdmin(forum.id, admin);
    }
    return { forum: (await registry.views()).find((f) => f.id === forum.id)! };
  },
  async 'forums.mintUserKey'(request, sender) {
    requireExtensionPage(sender);
    const forum = await registry.get(request.forumId);
    const admin = forum && (await registry.adminSecret(forum.id));
    if (!forum || !admin) throw new HandledError('NotFound', said('errorAddAdminKeyFirst'));
    const handshake = await newHandshake(registry.newClientId(), DEFAULT_SCOPES);
    const throttle = await registry.adminThrottle(forum.id);
    const payload = await throttle.task({ lane: 'interactive', write: true }, () => mintKeyForUser(fetchFromWorker, forum.baseUrl, admin, request.username, handshake));
    const accepted = await acceptPayload(handshake, payload);
    return { username: request.username, key: accepted.key, scopes: DEFAULT_SCOPES, expiresAt: accepted.expiresAt };
  },
  async 'inbox.get'(request, sender) {
    requireExtensionPage(sender);
    return inbox.view(request.scope, request.refresh ?? false, request.force ?? false);
  },
  async 'inbox.markRead'(request, sender) {
    requireExtensionPage(sender);
    await inbox.markRead(request.forumId, request.notificationId);
    return { ok: true as const };
  },
  async 'inbox.open'(request, sender) {
    requireExtensionPage(sender);
    await openNotification(request.forumId, request.notificationId);
    return { ok: true as const };
  },
  async 'inbox.more'(request, sender) {
    requireExtensionPage(sender);
    return inbox.more(request.forumId, request.offset);
  },
  async 'topics.get'(request, sender) {
    requireExtensionPage(sender);
    return content.topics(request.forumId, request.filter, request.categoryId, request.page);
  },
  async 'categories.get'(request, sender) {
    requireExtensionPage(sender);
    return { categories: await content.categories(request.forumId) };
  },
  async 'topics.open'(request, sender) {
    requireExtensionPage(sender);
    const forum = await connectedForum(request.forumId);
    await openOnForum(forum.baseUrl, `${forum.baseUrl}/t/topic/${request.topicId}${request.postNumber ? `/${request.postNumber}` : ''}`);
    return { ok: true as const };
  },
  async 'post.raw'(request, sender) {
    requireExtensionPage(sender);
    return content.postRaw(request.forumId, request);
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
  async 'content.init'(_request, sender) {
    return pages.init(sender);
  },
  async 'content.postRaw'(request, sender) {
    const forum = await pages.own(sender, request.forumId);
    return { raw: (await pagePost(forum, sender, request.postId)).raw };
  },
  async 'content.quote'(request, sender) {
    const forum = await pages.own(sender, request.forumId);
    const post = await pagePost(forum, sender, request.postId);
    await pages.quote(forum, { topicId: post.topicId, topicTitle: request.topicTitle, postNumber: post.postNumber, username: post.username, text: post.raw });
    return { ok: true as const };
  },
  async 'content.saveForLater'(request, sender) {
    await pages.saveForLater(await pages.own(sender, request.forumId), request);
    return { ok: true as const };
  },
  async 'content.pageUnread'(request, sender) {
    await pages.pageUnread(await pages.own(sender, request.forumId), request.count, request.since ?? 0, { tabId: sender.tabId, visible: request.visible ?? false });
    return { ok: true as const };
  },
  async 'content.setNote'(request, sender) {
    await pages.setNote(await pages.own(sender, request.forumId), request.username, request.note).catch(dataError);
    return { ok: true as const };
  },
  // What the admin key reads or sends is for the extension's own pages only: a forum page can
  // only open the admin window (admin.openPanel), never see an answer.
  async 'admin.notify'(request, sender) {
    requireExtensionPage(sender);
    return adminNotifications.notify(await connectedForum(request.forumId), request);
  },
  async 'admin.openPanel'(request, sender) {
    const forum = await forumForUiOrPage(sender, request.forumId);
    if (!(await registry.adminSecret(forum.id))) throw new HandledError('NoAdminKey', said('errorAddAdminKeyIn', forum.title));
    if (!fromExtensionPage(sender) && request.topicId !== undefined && request.topicId !== pages.topicOnPage(forum, sender)) {
      throw new HandledError('Forbidden', said('errorOwnTopicOnly'));
    }
    const params = new URLSearchParams({ forum: forum.id, view: request.view });
    if (request.topicId !== undefined) params.set('topic', String(request.topicId));
    if (request.postNumber !== undefined) params.set('post', String(request.postNumber));
    if (request.username) params.set('user', request.username);
    await browser.windows.create({ url: browser.runtime.getURL(`src/adminPanel/index.html?${params}`), type: 'popup', width: 480, height: 640 });
    return { ok: true as const };
  },
  async 'admin.searchUsers'(request, sender) {
    requireExtensionPage(sender);
    return { users: await adminNotifications.search(await connectedForum(request.forumId), request.term) };
  },
  async 'admin.notificationsOf'(request, sender) {
    requireExtensionPage(sender);
    return { notifications: await adminNotifications.notificationsOf(await connectedForum(request.forumId), request.username) };
  },
  async 'readingList.get'(_request, sender) {
    requireExtensionPage(sender);
    return { items: await pages.readingList() };
  },
  async 'readingList.remove'(request, sender) {
    requireExtensionPage(sender);
    await pages.removeFromReadingList(request.forumId, request.topicId, request.postNumber);
    return { ok: true as const };
  },
  async 'data.get'(_request, sender) {
    requireExtensionPage(sender);
    return { ...(await loadUserData()) };
  },
  async 'data.set'(request, sender) {
    requireExtensionPage(sender);
    const data = await saveUserData(request.data as Partial<UserData>).catch(dataError);
    await applyOverrides(data);
    return { ...data };
  },
  async 'data.export'(_request, sender) {
    requireExtensionPage(sender);
    const file = { format: 'discourse-companion-settings', version: 1, exportedAt: new Date().toISOString(), settings: await loadSettings(), data: await loadUserData() };
    return { text: JSON.stringify(file, null, 2) };
  },
  async 'data.import'(request, sender) {
    requireExtensionPage(sender);
    let json: unknown;
    try {
      json = JSON.parse(request.text);
    } catch {
      throw new HandledError('Validation', said('errorImportNotJson'));
    }
    const parsed = exportSchema.safeParse(json);
    if (!parsed.success) throw new HandledError('Validation', said('errorImportNotOurs', describeIssue(parsed.error)));
    await saveSettings(parsed.data.settings as Partial<Settings>);
    const data = await saveUserData(parsed.data.data).catch(dataError);
    await applyOverrides(data);
    return { ...data };
  },
  async 'forums.budget'(request, sender) {
    requireExtensionPage(sender);
    const throttle = await registry.throttleOf(request.forumId).catch(() => {
      throw new HandledError('NotFound', said('errorForumNotConnected'));
    });
    await throttle.ready;
    const snapshot = throttle.snapshot();
    return { hours: throttle.hourly(), usedToday: snapshot.usedToday, perDay: snapshot.limits.perDay, perMinute: snapshot.limits.perMinute };
  },
  async 'forums.disconnect'(request, sender) {
    requireExtensionPage(sender);
    const forum = await connectedForum(request.forumId);
    // Revoke first (best effort: a dead key or a dead network must not keep the forum here).
    await registry.use(forum.id, (client) => client.revokeKey()).catch((error: unknown) => {
      if (!isDiscourseError(error)) throw error;
    });
    await registry.remove(forum.id);
    await inbox.forget(forum.id);
    await content.forget(forum.id);
    await inbox.updateBadge();
    const origin = originPattern(forum.baseUrl);
    const others = (await registry.list()).some((f) => originPattern(f.baseUrl) === origin);
    if (!others) await browser.permissions.remove({ origins: [origin] }).catch(() => false);
    return { ok: true as const };
  },
});


/**
 * A post a page feature acts on: read by the background, and only if it belongs to the topic of
 * the sending tab's URL. Defence in depth beside the trusted-click rule: a page that fakes a post
 * element gets nothing from another topic. (A page can still change its URL with pushState; what
 * it reaches that way needs the user's own click on the extension's button.)
 */
async function pagePost(forum: ForumRecord, sender: Sender, postId: number) {
  const topicId = pages.topicOnPage(forum, sender);
  if (topicId === null) throw new HandledError('Forbidden', said('errorTopicPageOnly'));
  const post = await content.postRaw(forum.id, { postId });
  if (post.topicId !== topicId) throw new HandledError('Forbidden', said('errorPostNotOnPage'));
  return post;
}
