import { contentApi } from './contentApi';

/**
 * Injected by the background into the approval tab of a no-redirect connection, and only there.
 * Discourse shows the encrypted payload in `#user-api-key-payload` after Authorize, in place at
 * the same URL (MARKUP.md §8.2; older forums render it on a new page), so this waits for it,
 * strips the whitespace Ruby's Base64 adds, and hands it to the background once.
 */
const SELECTOR = '#user-api-key-payload';

function read(): string | null {
  const text = document.querySelector(SELECTOR)?.textContent?.replace(/\s+/g, '') ?? '';
  return text.length > 100 ? text : null;
}

function deliver(payload: string) {
  void contentApi.ask({ type: 'connect.captured', payload });
}

const marker = document.documentElement;
if (marker.dataset.companionCapture !== 'armed') {
  marker.dataset.companionCapture = 'armed';
  const now = read();
  if (now) deliver(now);
  else {
    const observer = new MutationObserver(() => {
      const payload = read();
      if (!payload) return;
      observer.disconnect();
      deliver(payload);
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }
}
