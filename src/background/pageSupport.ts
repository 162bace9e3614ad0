import { DiscourseError, said } from '../discourse/errors';
import type { MessageReply } from '../messages/protocol';
import type { Drafts } from './drafts';
import type { ForumRecord, ForumRegistry } from './forumRegistry';
import { routeOf, topicIdOfPath } from '../content/pages';
import type { Sender } from './router';
import { loadUserData, pageDataFor, saveUserData } from './userData';

/** The tab a header count comes from, and whether the user can see it. */
export interface PageTab {
  tabId?: number;
  visible: boolean;
}

/**
 * What content scripts may ask, always about the forum of the page they run on: the sender's
 * URL must belong to a connected forum, and any forum id in the message must be that forum.
 */
export class PageSupport {
  constructor(
    private readonly registry: ForumRegistry,
    private readonly drafts: Drafts,
    private readonly onPageUnread: (forumId: string, count: number, since: number, tab: PageTab) => Promise<void>,
  ) {}

  async forumOf(sender: Sender): Promise<ForumRecord | null> {
    if (!sender.url) return null;
    // Two forums on one host (`/` and `/forum`): the longest base URL that matches is the page's.
    const forums = (await this.registry.list()).sort((a, b) => b.baseUrl.length - a.baseUrl.length);
    return (
      forums.find(
        (f) =>
          sender.url === f.baseUrl ||
          sender.url!.startsWith(`${f.baseUrl}/`) ||
          sender.url!.startsWith(`${f.baseUrl}?`),
      ) ?? null
    );
  }

  /** The forum a content script's message is about, refused unless it is the sender's own. */
  async own(sender: Sender, forumId: string): Promise<ForumRecord> {
    const forum = await this.forumOf(sender);
    if (!forum || forum.id !== forumId) throw new DiscourseError('Forbidden', said('errorOwnForumOnly'));
    return forum;
  }

  /** The topic a content script's tab shows, from the tab's URL (never from the page's markup). */
  topicOnPage(forum: ForumRecord, sender: Sender): number | null {
    if (!sender.url) return null;
    return topicIdOfPath(routeOf(new URL(sender.url), new URL(forum.baseUrl).pathname.replace(/\/$/, '')));
  }

  async init(sender: Sender): Promise<MessageReply<'content.init'>> {
    const forum = await this.forumOf(sender);
    const data = await loadUserData();
    return {
      forum:
        forum && forum.status === 'connected'
          ? {
              id: forum.id,
              baseUrl: forum.baseUrl,
              title: forum.title,
              canWrite: forum.scopes.includes('write'),
              hasAdminKey: !!(await this.registry.adminSecret(forum.id)),
            }
          : null,
      features: data.features,
      data: pageDataFor(data, forum?.baseUrl ?? null),
    };
  }

  /** Appends Discourse's quote block to the reply draft for that topic (created if needed). */
  async quote(
    forum: ForumRecord,
    q: { topicId: number; topicTitle: string; postNumber: number; username: string; text: string },
  ): Promise<void> {
    const id = `reply:${forum.id}:${q.topicId}`;
    const existing = (await this.drafts.list()).find((d) => d.id === id);
    const block = `[quote="${q.username.replace(/["\]]/g, '')}, post:${q.postNumber}, topic:${q.topicId}"]\n${q.text.trim()}\n[/quote]\n\n`;
    await this.drafts.save({
      id,
      forumId: forum.id,
      kind: 'reply',
      title: '',
      raw: `${existing?.raw ? `${existing.raw.trimEnd()}\n\n` : ''}${block}`,
      categoryId: null,
      topicId: q.topicId,
      topicTitle: q.topicTitle,
      replyToPostNumber: existing?.replyToPostNumber ?? q.postNumber,
      recipients: '',
      postId: null,
      originalText: null,
      updatedAt: Date.now(),
    });
  }

  async setNote(forum: ForumRecord, username: string, note: string): Promise<void> {
    const notes = { ...(await loadUserData()).notes };
    const key = `${forum.baseUrl}|${username.toLowerCase()}`;
    if (note) notes[key] = note;
    else delete notes[key];
    await saveUserData({ notes });
  }

  pageUnread(forum: ForumRecord, count: number, since: number, tab: PageTab): Promise<void> {
    return this.onPageUnread(forum.id, count, since, tab);
  }
}
