import type { Ctx } from '../forum';
import { avatarTemplate } from '../serializers/users';
import { escapeHtml as e } from '../cooking';

/**
 * The boot shell every Discourse page shares (MARKUP.md §1, §4, §9): generator meta, base path,
 * setup data, CSRF only when logged in, `html.anon` when logged out, the header with the
 * notification bubble, `#main-outlet`, the always-present `#reply-control` and `#user-card`.
 */
export function layout(
  ctx: Ctx,
  title: string,
  main: string,
  options: { preloaded?: Record<string, unknown>; bare?: boolean } = {},
): string {
  const { forum, user } = ctx;
  const base = forum.settings.subfolder;
  const session = ctx.auth.kind === 'session' ? ctx.auth.session : null;
  const counts = user ? forum.store.unreadCounts(user.id) : null;
  const preloaded = {
    site: JSON.stringify({ title: forum.settings.title }),
    ...(user
      ? {
          currentUser: JSON.stringify({
            id: user.id,
            username: user.username,
            // CurrentUserSerializer before the redesigned menu: what the old header's two bubbles show.
            ...(forum.settings.oldForum && counts
              ? { unread_notifications: counts.regular, unread_high_priority_notifications: counts.highPriority }
              : {}),
          }),
        }
      : {}),
    ...(options.preloaded ?? {}),
  };
  return `<!doctype html>
<html lang="en" class="desktop-view not-mobile-device text-size-normal${user ? '' : ' anon'}">
<head>
<meta charset="utf-8">
<title>${e(title)} - ${e(forum.settings.title)}</title>
<meta name="generator" content="Discourse 2026.8.0-latest - https://github.com/discourse/discourse version 5458a5f150607f1c10e0827ed1737a25bbc290b7">
${base ? `<meta name="discourse-base-uri" content="${e(base)}">` : ''}
<meta name="discourse_theme_id" content="1">
<meta name="discourse_current_homepage" content="latest">
${session ? `<meta name="csrf-param" content="authenticity_token"><meta name="csrf-token" content="${e(session.csrf)}">` : ''}
<meta id="data-discourse-setup" data-cdn="" data-base-url="${e(ctx.baseUrl)}" data-base-uri="${e(base)}" data-environment="production" data-default-locale="en">
<style>${STYLE}</style>
</head>
<body>
<section id="main" class="ember-application">
${options.bare ? '' : header(ctx, counts)}
<div id="main-outlet-wrapper" class="wrap" role="main"><div id="main-outlet">
${main}
</div></div>
${options.bare ? '' : USER_CARD + COMPOSER}
</section>
<discourse-assets><discourse-assets-json><div class="hidden" id="data-preloaded" data-preloaded="${e(JSON.stringify(preloaded))}"></div></discourse-assets-json></discourse-assets>
<script>${NAVIGATION_SCRIPT}</script>
</body>
</html>`;
}

function header(ctx: Ctx, counts: ReturnType<Ctx['forum']['store']['unreadCounts']> | null): string {
  const { user } = ctx;
  const base = ctx.forum.settings.subfolder;
  let bubble = '';
  if (user && counts) {
    // Exactly one bubble, in Discourse's priority order (MARKUP.md §4).
    if (counts.newPersonalMessages > 0)
      bubble = `<a href="#" class="badge-notification with-icon new-pms" title="${counts.newPersonalMessages} unread personal messages" aria-label="${counts.newPersonalMessages} unread personal messages"><svg class="fa d-icon d-icon-envelope svg-icon"><use href="#envelope"></use></svg></a>`;
    else if (counts.all > 0)
      bubble = `<a href="#" class="badge-notification unread-notifications" title="${counts.all} unseen notifications" aria-label="${counts.all} unseen notifications">${counts.all}</a>`;
  }
  return `<div class="d-header-wrap"><header class="d-header"><div class="wrap"><div class="contents">
<div class="title"><a href="${base}/" class="home-logo">${e(ctx.forum.settings.title)}</a></div>
<div class="panel" role="navigation"><ul class="icons d-header-icons">
<li class="header-dropdown-toggle search-dropdown"><a href="${base}/search" class="icon btn-flat">Search</a></li>
${
  user && ctx.forum.settings.oldForum
    ? // widgets/header.js (~2.7–2.8, legacy user menu): an a.icon toggle, no #toggle-current-user; the
      // bubbles are links inside the link, which only virtual-dom can build (NAVIGATION_SCRIPT adds them).
      `<li id="current-user" class="header-dropdown-toggle current-user"><a class="icon" aria-haspopup="true" aria-expanded="false" href="${base}/u/${e(user.username.toLowerCase())}" title="${e(user.username)}" data-auto-route="true"><img class="avatar" width="32" height="32" src="${e(avatarTemplate(ctx.forum.store.basePath, user).replace('{size}', '64'))}" alt=""></a></li>`
    : user
      ? `<li id="current-user" class="header-dropdown-toggle current-user user-menu-panel"><button id="toggle-current-user" class="btn no-text icon btn-flat" type="button" aria-haspopup="true" aria-expanded="false" aria-label="Profile and notifications" title="Profile and notifications"><img class="avatar" width="32" height="32" src="${e(avatarTemplate(ctx.forum.store.basePath, user).replace('{size}', '64'))}" alt="">${bubble}</button></li>`
      : `<li class="header-buttons"><a class="btn btn-primary login-button" href="${base}/login">Log In</a></li>`
}
</ul></div></div></div></header></div>`;
}

const USER_CARD = `<div id="user-card" class="user-card" role="dialog" aria-label="User card" tabindex="-1" hidden></div>`;
const COMPOSER = `<div id="reply-control" class="closed hide-preview"><div class="grippie"></div></div>`;

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222}
.d-header{border-bottom:1px solid #ddd;padding:8px 16px}.d-header .contents{display:flex;justify-content:space-between;align-items:center}
.d-header-icons{list-style:none;display:flex;gap:12px;margin:0;padding:0}#toggle-current-user{position:relative;background:none;border:0}
.badge-notification{background:#0088cc;color:#fff;border-radius:10px;padding:0 6px;font-size:12px;text-decoration:none}
#main-outlet{max-width:960px;margin:0 auto;padding:16px}
#navigation-bar{list-style:none;display:flex;gap:16px;padding:0}#navigation-bar .active a{font-weight:bold}.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.avatar{border-radius:50%}.topic-list th{text-align:left;font-size:13px;color:#666}.posters a{margin-right:2px}
.topic-list{width:100%;border-collapse:collapse}.topic-list td{border-bottom:1px solid #eee;padding:8px 4px;vertical-align:top}
.badge-category__wrapper{font-size:13px;text-decoration:none;color:inherit}.badge-category:before{content:"";display:inline-block;width:9px;height:9px;margin-right:4px;background:var(--category-badge-color)}
.discourse-tags{display:inline;margin-left:8px;font-size:13px}.discourse-tag{color:#666}
.topic-post{border-top:1px solid #eee;padding:12px 0}.post__row{display:flex;gap:12px}.names a{font-weight:bold;color:#333}
.post-controls .actions{display:flex;justify-content:flex-end;gap:6px}.btn{padding:4px 10px;border:1px solid #ccc;background:#f6f6f6;border-radius:4px;cursor:pointer}
.btn-primary{background:#0088cc;color:#fff;border-color:#0088cc}
#user-card{position:fixed;top:80px;right:40px;width:360px;background:#fff;border:1px solid #ccc;box-shadow:0 4px 12px rgba(0,0,0,.2);padding:12px}
#reply-control.open{position:fixed;left:0;right:0;bottom:0;background:#fafafa;border-top:2px solid #ccc;padding:8px 16px}
.d-editor-input{width:100%;min-height:120px}
.authorize-api-key{max-width:640px;margin:32px auto}#user-api-key-payload{white-space:pre;display:block;background:#f4f4f4;padding:8px}
.post-stream--cloaked{height:120px}
`;

/**
 * In-app navigation as Discourse does it (MARKUP.md §7): links inside the forum swap
 * `#main-outlet` and `history.pushState`; scrolling a topic `replaceState`s the post number;
 * `[data-user-card]` opens `#user-card`; reply buttons open `#reply-control`.
 */
const NAVIGATION_SCRIPT = `
(() => {
  const base = document.querySelector('meta[name=discourse-base-uri]')?.content || '';
  const outlet = () => document.getElementById('main-outlet');
  // The old widget header's bubbles (widgets/header.js header-notifications), from the preloaded current user.
  function oldBubbles(doc) {
    const oldToggle = doc.querySelector('li#current-user > a.icon');
    if (!oldToggle) return;
    const me = JSON.parse(JSON.parse(doc.getElementById('data-preloaded').dataset.preloaded).currentUser);
    for (const [field, className, title] of [['unread_notifications', 'unread-notifications', 'unread notifications'], ['unread_high_priority_notifications', 'unread-high-priority-notifications', 'unread high priority notifications']]) {
      if (!me[field]) continue;
      const bubble = doc.createElement('a');
      bubble.className = 'badge-notification ' + className;
      bubble.title = 'You have ' + me[field] + ' ' + title;
      bubble.textContent = String(me[field]);
      oldToggle.append(bubble);
    }
  }
  oldBubbles(document);
  async function go(url, push) {
    const res = await fetch(url, { headers: { 'X-Sandbox-Partial': '1' }, credentials: 'same-origin' });
    const html = await res.text();
    const doc = new DOMParser().parseFromString(html, 'text/html');
    outlet().replaceChildren(...doc.getElementById('main-outlet').childNodes);
    // Discourse keeps the header's bubble live (MessageBus /notification/<user id>); the sandbox
    // brings it up to date at each in-app navigation instead.
    oldBubbles(doc);
    const fresh = doc.getElementById('current-user');
    const shown = document.getElementById('current-user');
    if (fresh && shown) shown.replaceWith(document.importNode(fresh, true));
    document.title = doc.title;
    if (push) history.pushState({}, '', url);
    closeCard();
    window.scrollTo(0, 0);
  }
  document.addEventListener('click', (event) => {
    const card = event.target.closest('[data-user-card]');
    if (card && !event.target.closest('#user-card')) { event.preventDefault(); openCard(card.getAttribute('data-user-card'), card); return; }
    const reply = event.target.closest('.post-action-menu__reply, nav.post-controls button.reply, #topic-footer-buttons .create');
    if (reply) { event.preventDefault(); openComposer(reply); return; }
    if (event.target.closest('.discard-button')) { event.preventDefault(); closeComposer(); return; }
    const link = event.target.closest('a[href]');
    if (!link || link.target || event.defaultPrevented || event.metaKey || event.ctrlKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(base + '/') || url.pathname.startsWith(base + '/user-api-key') || url.pathname.startsWith(base + '/login')) return;
    if (link.getAttribute('href') === '#') return;
    event.preventDefault();
    go(url.pathname + url.search, true);
  });
  window.addEventListener('popstate', () => go(location.pathname + location.search, false));
  let lastPost = null;
  window.addEventListener('scroll', () => {
    const posts = [...document.querySelectorAll('.topic-post[data-post-number]')];
    const current = posts.find((p) => p.getBoundingClientRect().bottom > 80);
    const match = location.pathname.match(/^(.*\\/t\\/[^/]+\\/\\d+)(?:\\/\\d+)?$/);
    if (!current || !match || current.dataset.postNumber === lastPost) return;
    lastPost = current.dataset.postNumber;
    history.replaceState(history.state, '', match[1] + (lastPost === '1' ? '' : '/' + lastPost));
  }, { passive: true });
  function closeCard() { const c = document.getElementById('user-card'); c.hidden = true; c.className = 'user-card'; c.replaceChildren(); }
  async function openCard(username, anchor) {
    const res = await fetch(base + '/u/' + encodeURIComponent(username) + '/card.json', { credentials: 'same-origin' });
    if (!res.ok) return;
    const { user } = await res.json();
    const card = document.getElementById('user-card');
    card.className = 'user-card show user-card-' + user.username + ' docked-card';
    card.hidden = false;
    const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (ch) => '&#' + ch.charCodeAt(0) + ';');
    card.innerHTML = '<div class="card-content"><div class="card-row first-row">'
      + '<div class="user-card-avatar" aria-hidden="true"><a href="' + base + '/u/' + esc(user.username.toLowerCase()) + '" class="card-huge-avatar" tabindex="-1"><img class="avatar" width="120" height="120" src="' + esc(user.avatar_template.replace('{size}', '240')) + '" alt=""></a></div>'
      + '<div class="names"><div class="names__primary username' + (user.staff ? ' staff' : '') + '"><a href="' + base + '/u/' + esc(user.username.toLowerCase()) + '" class="user-profile-link" aria-label="' + esc(user.username) + '"><span class="name-username-wrapper">' + esc(user.username) + '</span></a></div>'
      + '<div class="names__secondary full-name">' + esc(user.name) + '</div></div>'
      + '<ul class="usercard-controls"><li class="compose-pm"><button class="btn btn-icon-text btn-primary" type="button">Message</button></li></ul></div>'
      + '<div class="card-row metadata-row"><div class="bio">' + esc(user.bio_excerpt) + '</div></div></div>';
  }
  function openComposer(button) {
    const article = button.closest('article');
    const rc = document.getElementById('reply-control');
    rc.className = 'open composer-action-reply show-preview';
    rc.innerHTML = '<div class="grippie"></div><div role="dialog" aria-label="Composer" class="reply-area without-tags without-category">'
      + '<div class="reply-to">Replying' + (article ? ' to post ' + article.id.replace('post_', '') : '') + '</div>'
      + '<div class="d-editor"><div class="d-editor-container --markdown-editor-enabled"><div class="d-editor-textarea-column"><div class="d-editor-textarea-wrapper">'
      + '<div class="d-editor-button-bar" role="toolbar"></div><textarea class="d-editor-input ember-text-area" autocomplete="off" aria-label="Type here"></textarea>'
      + '</div></div><div class="d-editor-preview-wrapper"><div class="d-editor-preview"></div></div></div></div>'
      + '<div class="submit-panel"><div class="save-or-cancel"><button class="btn btn-icon-text btn-primary create" type="button"><span class="d-button-label">Reply</span></button>'
      + '<button class="btn discard-button btn-transparent" type="button">Discard</button></div></div></div>';
    const ta = rc.querySelector('textarea');
    ta.addEventListener('input', () => { rc.querySelector('.d-editor-preview').textContent = ta.value; });
    ta.focus();
  }
  function closeComposer() { const rc = document.getElementById('reply-control'); rc.className = 'closed hide-preview'; rc.innerHTML = '<div class="grippie"></div>'; }
})();
`;
