import browser from 'webextension-polyfill';
import { originPattern } from '../discourse/forumUrl';
import { contentScriptFiles } from './contentScripts';
import type { ForumRegistry } from './forumRegistry';

/**
 * Content scripts exist only for connected forums whose host permission is granted: registered
 * at run time per forum, removed on disconnect, and reconciled at every worker start.
 */
const PREFIX = 'forum:';

export async function syncContentScripts(registry: ForumRegistry): Promise<void> {
  const forums = await registry.list();
  const wanted = new Map<string, string>();
  for (const forum of forums) {
    const origin = originPattern(forum.baseUrl);
    if (await browser.permissions.contains({ origins: [origin] }).catch(() => false))
      wanted.set(`${PREFIX}${forum.id}`, origin);
  }
  const registered = await browser.scripting.getRegisteredContentScripts().catch(() => []);
  const stale = registered.filter((s) => s.id.startsWith(PREFIX) && !wanted.has(s.id)).map((s) => s.id);
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale }).catch(() => undefined);
  const missing = [...wanted].filter(([id]) => !registered.some((s) => s.id === id));
  if (missing.length) {
    await browser.scripting
      .registerContentScripts(
        missing.map(([id, origin]) => ({
          id,
          matches: [origin],
          js: [contentScriptFiles.forumPage],
          runAt: 'document_idle' as const,
          persistAcrossSessions: true,
        })),
      )
      .catch((error: unknown) =>
        console.warn('[companion] content script registration failed', error instanceof Error ? error.message : error),
      );
  }
}
