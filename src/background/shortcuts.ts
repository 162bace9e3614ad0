import browser from 'webextension-polyfill';
import type { Inbox } from './inbox';

/** The `commands` of manifest.json besides `_execute_action` (the browser opens the popup itself). */
export const SHORTCUTS = { markAllRead: 'mark-all-read', compose: 'open-composer' } as const;

const POPUP = 'src/popup/index.html';

/**
 * A browser-wide shortcut (the user can change its keys in the browser). "Write" opens the popup
 * at its composer: `openPopup` must run in the shortcut's own turn (Firefox counts it as the
 * user's action only then), so the popup's page is switched without waiting, and back after.
 * Where the popup cannot open (no focused browser window) the composer opens in a window of its own.
 */
export async function runShortcut(name: string, inbox: Pick<Inbox, 'markEverythingRead'>): Promise<void> {
  if (name === SHORTCUTS.markAllRead) {
    await inbox.markEverythingRead();
    return;
  }
  if (name !== SHORTCUTS.compose) return;
  const page = `${POPUP}?tab=compose`;
  void browser.action.setPopup({ popup: page });
  try {
    await browser.action.openPopup();
  } catch {
    await browser.windows.create({ url: browser.runtime.getURL(page), type: 'popup', width: 440, height: 620 });
  } finally {
    await browser.action.setPopup({ popup: POPUP });
  }
}
