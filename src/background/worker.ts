import browser from 'webextension-polyfill';
import { syncContentScripts } from './contentScriptRegistration';
import { route } from './handlers';
import { flows, INBOX_ALARM, inbox, live, openNotification, POLL_ALARM, registry } from './services';

// Listeners are registered synchronously at the top level: an MV3 worker woken by an event only
// delivers it to listeners that exist by the end of its first turn.
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  route(message, { url: sender.url, tabId: sender.tab?.id }),
);

// An open popup holds a port named "live": MessageBus long polling runs while one does.
browser.runtime.onConnect.addListener((port) => {
  if (port.name !== 'live' || !port.sender?.url?.startsWith(browser.runtime.getURL(''))) return;
  const stop = live.watch(() => port.postMessage({ type: 'changed' }));
  port.onDisconnect.addListener(stop);
});

browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete' && tab.url) void flows.tabLoaded(tabId, tab.url);
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === POLL_ALARM) void flows.pollDue();
  if (alarm.name === INBOX_ALARM) void inbox.pollDue();
});

// Chrome's minimum alarm period is 30 s; each forum keeps its own, longer schedule (pollSchedule.ts).
void browser.alarms.get(INBOX_ALARM).then((alarm) => {
  if (!alarm) void browser.alarms.create(INBOX_ALARM, { periodInMinutes: 0.5, delayInMinutes: 0.05 });
});

// Desktop notifications are optional: the API exists only once the user allowed them.
if (browser.notifications?.onClicked) {
  browser.notifications.onClicked.addListener((id) => {
    const [forumId, notificationId] = id.split('|');
    if (forumId && notificationId) void openNotification(forumId, Number(notificationId)).catch(() => undefined);
    void browser.notifications.clear(id);
  });
}

// Content scripts follow the forum list however it changes (connect, disconnect, import).
void syncContentScripts(registry);
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.forums) void syncContentScripts(registry);
});

browser.runtime.onInstalled.addListener(({ reason }) => {
  // First run: the options page is where a forum gets connected.
  if (reason === 'install') void browser.runtime.openOptionsPage();
});
