import { useEffect, useState } from 'preact/hooks';
import { extensionApi } from '../messages/extensionApi';
import { detectDiscourse, type DiscoursePageInfo } from '../content/detectDiscourse';
import { normalizeForumUrl, originPattern } from '../discourse/forumUrl';
import { t } from '../ui/i18n';

/**
 * When the active tab is a Discourse forum that is not connected yet, offers to connect it. The
 * toolbar click grants `activeTab`, which is enough to look at the page; the forum's own host
 * permission is asked for from this button's click.
 */
export function ConnectThisForum({ forums }: { forums: { baseUrl: string }[] }) {
  const browser = extensionApi();
  const [baseUrl, setBaseUrl] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (!tab?.id || !tab.url || !/^https?:/.test(tab.url)) return;
      const [result] = await browser.scripting
        .executeScript({ target: { tabId: tab.id }, func: detectDiscourse })
        .catch(() => []);
      const info = result?.result as DiscoursePageInfo | undefined;
      if (!info?.isDiscourse) return;
      const url = normalizeForumUrl(info.href, info.basePath);
      if (!forums.some((f) => f.baseUrl === url)) setBaseUrl(url);
    })();
  }, [forums]);

  if (!baseUrl) return null;

  async function connect() {
    const granted = await browser.permissions.request({ origins: [originPattern(baseUrl!)] });
    if (!granted) return;
    await browser.tabs.create({
      url: browser.runtime.getURL(`src/options/index.html#connect=${encodeURIComponent(baseUrl!)}`),
    });
    window.close();
  }

  return (
    <div class="connect-this">
      <button type="button" class="primary" onClick={connect}>
        {t('connectThisForum', new URL(baseUrl).host)}
      </button>
    </div>
  );
}
