import browser from 'webextension-polyfill';
import { createRouter } from './router';

// Listeners are registered synchronously at the top level: an MV3 worker woken by an event only
// delivers it to listeners that exist by the end of its first turn.
const route = createRouter({
  async ping(request) {
    return {
      pong: true,
      sentAt: request.sentAt,
      answeredAt: Date.now(),
      version: browser.runtime.getManifest().version,
    };
  },
  async about() {
    return {
      version: browser.runtime.getManifest().version,
      browser: __TARGET__,
      redirectUrl: browser.identity.getRedirectURL(),
    };
  },
});

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  route(message, { url: sender.url, tabId: sender.tab?.id }),
);

browser.runtime.onInstalled.addListener(({ reason }) => {
  // First run: the options page is where a forum gets connected.
  if (reason === 'install') void browser.runtime.openOptionsPage();
});

export { contentScriptFiles } from './contentScripts';
