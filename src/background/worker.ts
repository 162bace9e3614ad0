import browser from 'webextension-polyfill';
import { syncContentScripts } from './contentScriptRegistration';
import { FORUMS_KEY } from './forumRegistry';
import { route } from './handlers';
import { runShortcut } from './shortcuts';
import {
  flows,
  forumTabs,
  IDLE_SECONDS,
  INBOX_ALARM,
  INBOX_NEXT_ALARM,
  inbox,
  live,
  CONNECT_POLL_ALARM,
  registry,
} from './services';

// Listeners are registered synchronously at the top level: an MV3 worker woken by an event only
// delivers it to listeners that exist by the end of its first turn.
browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) =>
  route(message, { url: sender.url, tabId: sender.tab?.id }),
);

// An open popup holds a port named "live" and hears of every change of the inbox. MessageBus
// long polling starts once it has stayed open LIVE_AFTER_MS: a glance costs no long poll.
const LIVE_AFTER_MS = 3_000;
browser.runtime.onConnect.addListener((port) => {
  if (port.name !== 'live' || !port.sender?.url?.startsWith(browser.runtime.getURL(''))) return;
  const tell = () => port.postMessage({ type: 'changed' });
  const stops = [inbox.onChange(tell)];
  const start = setTimeout(() => stops.push(live.watch()), LIVE_AFTER_MS);
  port.onDisconnect.addListener(() => {
    clearTimeout(start);
    for (const stop of stops) stop();
  });
});

browser.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'complete' && tab.url) void flows.tabLoaded(tabId, tab.url);
});

// Firefox drops the message a closing forum page sends on pagehide (visibleTabs.ts); its event
// page is cheap to wake, so there a closed tab ends its claim here.
if (__TARGET__ === 'firefox') browser.tabs.onRemoved.addListener((tabId) => void inbox.tabClosed(tabId));

// Firefox for Android has neither keyboard shortcuts nor `idle`: a missing API must not stop the
// listeners after it from registering.
browser.commands?.onCommand.addListener((name) => void runShortcut(name, inbox));

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === CONNECT_POLL_ALARM) void flows.pollDue();
  if (alarm.name === INBOX_ALARM || alarm.name === INBOX_NEXT_ALARM) void inbox.pollDue();
});

// Each forum keeps its own schedule (pollSchedule.ts) and pollDue sets an exact alarm for the
// next one; this periodic one is the safety net (and starts polling right after install).
void browser.alarms.get(INBOX_ALARM).then((alarm) => {
  if (alarm?.periodInMinutes !== 1)
    void browser.alarms.create(INBOX_ALARM, { periodInMinutes: 1, delayInMinutes: 0.05 });
});

// Back at the computer: catch up at once instead of waiting for a slowed-down poll.
browser.idle?.setDetectionInterval(IDLE_SECONDS);
browser.idle?.onStateChanged.addListener((state) => {
  if (state === 'active') void inbox.wakeAll();
});
browser.runtime.onStartup.addListener(() => void inbox.pollDue());

// Desktop notifications are optional: the API exists only once the user allowed them.
if (browser.notifications?.onClicked) {
  browser.notifications.onClicked.addListener((id) => {
    const [forumId, notificationId] = id.split('|');
    if (forumId && notificationId)
      void forumTabs.openNotification(forumId, Number(notificationId)).catch(() => undefined);
    void browser.notifications.clear(id);
  });
}

// Keys an older version kept in storage.local (readable by content scripts) move to IndexedDB.
void registry.migrateSecrets();

// Content scripts follow the forum list however it changes (connect, disconnect, import).
void syncContentScripts(registry);
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes[FORUMS_KEY]) {
    void syncContentScripts(registry);
    // A forum just connected (or reconnected) is due at once: the badge follows it from now on.
    void inbox.pollDue();
  }
});

browser.runtime.onInstalled.addListener(({ reason }) => {
  // First run: the options page is where a forum gets connected.
  if (reason === 'install') void browser.runtime.openOptionsPage();
});
