import browser from 'webextension-polyfill';
import { DiscourseError, said } from '../discourse/errors';
import type { MessageRequest } from '../messages/protocol';
import type { ForumRecord } from './forumRegistry';
import type { Sender } from './router';
import { fromExtensionPage, pages, registry } from './services';

/**
 * Opens the extension's admin window for a post (notify) or a member (their notifications). A
 * forum page may ask to notify only about a post of the topic it shows (a page cannot leave the
 * topic out); what the window reads, it asks itself and shows the user, never the page.
 */
export async function openAdminWindow(forum: ForumRecord, request: MessageRequest<'admin.openPanel'>, sender: Sender) {
  if (!(await registry.adminSecret(forum.id)))
    throw new DiscourseError('NoAdminKey', said('errorAddAdminKeyIn', forum.title));
  const aboutAnotherTopic = request.topicId !== undefined && request.topicId !== pages.topicOnPage(forum, sender);
  if (
    !fromExtensionPage(sender) &&
    (aboutAnotherTopic || (request.view === 'notify' && request.topicId === undefined))
  ) {
    throw new DiscourseError('Forbidden', said('errorOwnTopicOnly'));
  }
  const params = new URLSearchParams({ forum: forum.id, view: request.view });
  if (request.topicId !== undefined) params.set('topic', String(request.topicId));
  if (request.postNumber !== undefined) params.set('post', String(request.postNumber));
  if (request.username) params.set('user', request.username);
  await browser.windows.create({
    url: browser.runtime.getURL(`src/adminPanel/index.html?${params}`),
    type: 'popup',
    width: 480,
    height: 640,
  });
  return { ok: true as const };
}
