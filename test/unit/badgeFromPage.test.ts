import { runFeature } from './runFeature';
import { describe, expect, it } from 'vitest';
import type { ContentApi } from '../../src/content/contentApi';
import { badgeFromPage, headerUnread } from '../../src/content/features/badgeFromPage';

const glimmer = (bubble: string) => {
  document.body.innerHTML = `<ul class="icons d-header-icons"><li id="current-user" class="header-dropdown-toggle current-user user-menu-panel"><button id="toggle-current-user" class="btn no-text icon btn-flat" type="button"><img class="avatar" alt="">${bubble}</button></li></ul>`;
  return document;
};

/** widgets/header.js renders the bubbles inside `a.icon` with virtual-dom (nested links an HTML parser would split). */
const widget = (bubbles: { className: string; text?: string }[], toggleTag: 'a' | 'button' = 'a') => {
  document.body.innerHTML =
    '<ul class="icons d-header-icons"><li id="current-user" class="header-dropdown-toggle current-user"></li></ul>';
  const toggle = document.createElement(toggleTag);
  toggle.className = toggleTag === 'a' ? 'icon' : 'icon btn-flat';
  toggle.append(document.createElement('img'));
  for (const { className, text } of bubbles) {
    const bubble = document.createElement(className.includes('do-not-disturb') ? 'div' : 'a');
    bubble.className = className;
    if (text) bubble.textContent = text;
    toggle.append(bubble);
  }
  document.querySelector('#current-user')!.append(toggle);
  return document;
};

describe('the header’s unread count, reported only when it is certain (MARKUP.md §4)', () => {
  it('current header: the unread-notifications bubble’s number; no bubble is zero', () => {
    expect(
      headerUnread(glimmer('<a href="#" class="badge-notification unread-notifications" title="7 unseen">7</a>')),
    ).toBe(7);
    expect(headerUnread(glimmer(''))).toBe(0);
  });
  it('current header: a new-PM or review bubble hides the bell’s count, so nothing is reported', () => {
    expect(
      headerUnread(
        glimmer('<a href="#" class="badge-notification with-icon new-pms" title="2 unread messages"><svg></svg></a>'),
      ),
    ).toBeNull();
    expect(
      headerUnread(
        glimmer('<a href="#" class="badge-notification with-icon new-reviewables" title="5 items"><svg></svg></a>'),
      ),
    ).toBeNull();
  });
  it('Do Not Disturb shows no bubble: not a zero', () => {
    expect(headerUnread(glimmer('<div class="do-not-disturb-background"><svg></svg></div>'))).toBeNull();
    expect(headerUnread(widget([{ className: 'do-not-disturb-background' }]))).toBeNull();
  });
  it('old widget header (li#current-user > a.icon, no #toggle-current-user): regular plus high-priority bubbles', () => {
    expect(
      headerUnread(
        widget([
          { className: 'badge-notification unread-notifications', text: '4' },
          { className: 'badge-notification unread-high-priority-notifications', text: '2' },
        ]),
      ),
    ).toBe(6);
    expect(headerUnread(widget([]))).toBe(0);
  });
  it('widget header with the redesigned menu (button.icon): one bubble, as today', () => {
    expect(headerUnread(widget([{ className: 'badge-notification unread-notifications', text: '3' }], 'button'))).toBe(
      3,
    );
    expect(headerUnread(widget([{ className: 'badge-notification with-icon new-pms' }], 'button'))).toBeNull();
  });
  it('logged out (no current user): nothing', () => {
    document.body.innerHTML =
      '<ul class="icons d-header-icons"><li class="header-dropdown-toggle search-dropdown"><a class="icon"></a></li></ul>';
    expect(headerUnread(document)).toBeNull();
  });
});

describe('badgeFromPage: what the tab tells the background', () => {
  const run = () => {
    const asked: { count: number; visible: boolean }[] = [];
    const api = {
      ask: async (message: { count: number; visible: boolean }) => {
        asked.push({ count: message.count, visible: message.visible });
        return { ok: true, data: {} };
      },
    } as unknown as ContentApi;
    return { asked, stop: runFeature(badgeFromPage, { api }) };
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('after in-app navigation the header is live: its count is news now, not as old as the page', async () => {
    glimmer('<a href="#" class="badge-notification unread-notifications">2</a>');
    runFeature(badgeFromPage, { api: { ask: async () => ({ ok: true, data: {} }) } as unknown as ContentApi }).abort();
    const since: number[] = [];
    const api = {
      ask: async (message: { since: number }) => {
        since.push(message.since);
        return { ok: true, data: {} };
      },
    } as unknown as ContentApi;
    const navigatedAt = Date.now();
    const stop = runFeature(badgeFromPage, { api });
    await settle();
    expect(since.length).toBeGreaterThan(0);
    expect(since[0]).toBeGreaterThanOrEqual(navigatedAt);
    stop.abort();
  });
  it('a header showing new PMs claims nothing, so the background keeps polling', async () => {
    glimmer('<a href="#" class="badge-notification with-icon new-pms" title="2 unread messages"><svg></svg></a>');
    const { asked, stop } = run();
    await settle();
    expect(asked).toEqual([]);
    stop.abort();
  });
  it('a certain count, then a review bubble: the tab withdraws its visible claim', async () => {
    glimmer('<a href="#" class="badge-notification unread-notifications">3</a>');
    const { asked, stop } = run();
    expect(asked).toEqual([{ count: 3, visible: true }]);
    document.querySelector('#toggle-current-user a')!.replaceWith(
      Object.assign(document.createElement('a'), {
        className: 'badge-notification with-icon new-reviewables',
        title: '9 items',
      }),
    );
    await settle();
    expect(asked.at(-1)).toEqual({ count: 3, visible: false });
    stop.abort();
  });
});
