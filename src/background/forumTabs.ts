import browser from 'webextension-polyfill';
import { DiscourseError, said } from '../discourse/errors';
import type { ForumRegistry } from './forumRegistry';
import type { Inbox } from './inbox';

/** Forum pages opened for the user: in a tab of that forum if one is open (no tab pile-up), else in a new tab. */
export class ForumTabs {
  constructor(
    private readonly registry: ForumRegistry,
    private readonly inbox: Pick<Inbox, 'urlOf' | 'markRead'>,
  ) {}

  async open(baseUrl: string, url: string): Promise<void> {
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

  /** A notification's post (from the popup, or a click on its desktop notification), which is then read. */
  async openNotification(forumId: string, notificationId: number): Promise<void> {
    const forum = await this.registry.get(forumId);
    const url = await this.inbox.urlOf(forumId, notificationId);
    if (!forum || !url) throw new DiscourseError('NotFound', said('errorNotificationGone'));
    await this.open(forum.baseUrl, url);
    await this.inbox.markRead(forumId, notificationId).catch(() => undefined);
  }
}
