import { readInboxView, type InboxView } from '../messages/inboxView';

/**
 * What the popup showed last time, in its own `localStorage`: read synchronously before the first
 * render, so the inbox paints without waiting for any browser API, and out of content scripts'
 * reach (they run in the forum's origin). The options page removes it when a forum is disconnected
 * there; the popup replaces it with the background's view a moment after it paints.
 */
export const LAST_VIEW_KEY = 'lastInboxView';

export function readLastView(): InboxView | null {
  try {
    return readInboxView(JSON.parse(localStorage.getItem(LAST_VIEW_KEY) ?? 'null'));
  } catch {
    return null; // a damaged entry only costs the instant paint
  }
}

export function saveLastView(view: InboxView): void {
  try {
    localStorage.setItem(LAST_VIEW_KEY, JSON.stringify(view));
  } catch {
    // Full or disabled storage: the next open paints from the background's view instead.
  }
}

export function forgetLastView(): void {
  localStorage.removeItem(LAST_VIEW_KEY);
}
