import browser from 'webextension-polyfill';
import { sendRequest } from '../messages/send';

/**
 * Entry of the script injected into connected forums' pages (registered at run time for granted
 * origins only). It marks the page so tests and features can tell it is running.
 */
async function start() {
  const result = await sendRequest((message) => browser.runtime.sendMessage(message), { type: 'ping', sentAt: Date.now() });
  document.documentElement.dataset.discourseCompanion = result.ok ? 'ready' : 'offline';
}

void start();
